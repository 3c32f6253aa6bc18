"""A context model for the characters no dictionary or rule decides: g2pM.

g2pM (Park and Lee, Interspeech 2020; Apache-2.0) is a one-layer BiLSTM trained on CPP,
shipped with its weights inside its wheel (pickles of numpy arrays, loaded from the
installed package, never from a user's file) and run with numpy; nothing is
downloaded. It reads a polyphone from the whole sentence, which our tables cannot, but
falls back on a character's majority reading where a learner's everyday words need
another (了解 le, 理发 fā): the annotator asks it only about characters its
dictionaries and rules leave open (see `Annotator.annotate`), and takes its answer
only when it is one of the character's readings.

The model is loaded on first use (about 0.1 s with numpy), in the annotation worker,
never on the way to the first paint.
"""

from __future__ import annotations

import pickle
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from reader.lang.dictionary import numbers_to_marks
from reader.text.parse import sentences  # the model was trained on sentences

_lock = threading.Lock()
_state: dict[str, Any] = {}


def _load() -> Any:
    """g2pM's model, as its own constructor builds it, with each file closed after
    reading (its constructor leaves them open)."""
    from g2pM import g2pM as module

    folder = Path(module.__file__).parent

    def read(name: str) -> Any:
        with (folder / name).open("rb") as handle:
            return pickle.load(handle)  # the package's own files, not a user's

    model = module.G2pM.__new__(module.G2pM)
    model.cedict = read("digest_cedict.pkl")
    model.char2idx = read("char2idx.pkl")
    classes = read("class2idx.pkl")
    model.load_variable(read("np_ckpt.pkl"))
    model.idx2class = {index: label for label, index in classes.items()}
    model.class2idx = classes
    return model


def _model() -> Any | None:
    with _lock:
        if "model" not in _state:
            try:
                _state["model"] = _load()
            except Exception:  # not installed, or its data cannot be read: no model
                _state["model"] = None
        return _state["model"]


def _marks(label: str) -> str:
    """g2pM's 'lu:4', 'de5' as 'lǜ', 'de'."""
    if not label[-1:].isdigit():
        return ""
    return unicodedata.normalize("NFC", numbers_to_marks(label))


def load() -> None:
    """Load the model now (a worker warming the pipeline), not at the first question."""
    _model()


def loaded() -> bool:
    """Has the model been loaded (or found missing)?"""
    return "model" in _state


@lru_cache(maxsize=8192)
def context_readings(sentence: str) -> tuple[str, ...] | None:
    """One syllable per character of `sentence` ('' where the model has none), or None
    when there is no model."""
    model = _model()
    if model is None:
        return None
    labels = model(sentence, tone=True, char_split=True)
    if len(labels) != len(sentence):
        return ("",) * len(sentence)
    return tuple(_marks(label) for label in labels)


# Characters of context on each side of a character the model reads: the BiLSTM's
# answer depends little on what is further away, and a window keeps its time per
# character asked, not per character of the paragraph.
WINDOW = 10


def scored_readings_at(simplified: str, positions: list[int]) -> dict[int, tuple[str, float]]:
    """The model's syllable at each of `positions` of a paragraph that is a polyphone
    in its dictionary (all of them in one batch, each read in its sentence, cut to
    WINDOW characters either side), and how sure it is of it: the probability it gives
    that reading among the character's own (0 when it is not one of them)."""
    model = _model()
    if model is None:
        return {}
    return {
        p: (syllable, sure)
        for p, syllable, sure in _batch(model, simplified, tuple(sorted(set(positions))))
    }


def _weights(model: Any) -> tuple[Any, ...]:
    """g2pM's weights arranged for `_logits` (once per model): each character's input
    to the four gates, both directions side by side; the two directions' recurrent
    weights as one block-diagonal matrix."""
    if "weights" in _state and _state["weights"][0] is model:
        return _state["weights"][1]
    import numpy as np

    # as g2pM's cells: the input's projection in float32 (its weights' type), the
    # recurrent one in float64 (its states start as float64 zeros)
    forward = (model.embeddings @ model.weight_ih.T + model.bias_ih).astype(np.float64)
    backward = (model.embeddings @ model.weight_ih_reverse.T + model.bias_ih_reverse).astype(
        np.float64
    )
    hidden = model.weight_hh.shape[1]
    gates = model.weight_hh.shape[0]
    recurrent = np.zeros((2 * hidden, 2 * gates))
    recurrent[:hidden, :gates] = model.weight_hh.T
    recurrent[hidden:, gates:] = model.weight_hh_reverse.T
    recurrent_bias = np.concatenate([model.bias_hh, model.bias_hh_reverse]).astype(np.float64)
    weights = (
        forward,
        backward,
        recurrent,
        recurrent_bias,
        hidden,
        model.hidden_weight_l0.T.astype(np.float64),
        model.hidden_bias_l0.astype(np.float64),
        model.hidden_weight_l1.T.astype(np.float64),
        model.hidden_bias_l1.astype(np.float64),
    )
    _state["weights"] = (model, weights)
    return weights


def _logits(model: Any, rows: list[list[int]], targets: list[int]) -> Any:
    """g2pM's `predict` up to its scores over every reading (it returns their argmax
    only): the BiLSTM's states at each target, through its output layer. The same
    arithmetic as g2pM's cells, arranged to make a few numpy calls per character
    instead of forty: each character's input projection looked up rather than
    multiplied, and both directions in one step."""
    import numpy as np

    forward, backward, recurrent, recurrent_bias, hidden, l0, b0, l1, b1 = _weights(model)
    count = len(rows)
    lengths = [len(row) for row in rows]
    width = max(lengths)
    ahead = np.zeros((count, width), dtype=np.intp)  # 0 is the padding
    behind = np.zeros((count, width), dtype=np.intp)
    for i, row in enumerate(rows):
        ahead[i, : len(row)] = row
        behind[i, : len(row)] = row[::-1]  # the backward direction reads each row reversed
    inputs = np.concatenate([forward[ahead], backward[behind]], axis=2)  # [b, t, 2*4h]
    h = np.zeros((count, 2 * hidden))
    c = np.zeros((count, 2, hidden))
    states = []
    for t in range(width):
        z = (inputs[:, t, :] + (h @ recurrent + recurrent_bias)).reshape(count, 2, 4, hidden)
        gate = 1 / (1 + np.exp(-z))  # i, f, o (and g's slot, unused)
        c = gate[:, :, 1] * c + gate[:, :, 0] * np.tanh(z[:, :, 2])
        hs = gate[:, :, 3] * np.tanh(c)
        states.append(hs)
        h = hs.reshape(count, 2 * hidden)
    at = np.stack(states)  # [t, b, 2, h]
    picked = np.arange(count)
    ends = np.array(lengths) - 1 - np.array(targets)  # the target's step, read backwards
    joined = np.concatenate([at[targets, picked, 0], at[ends, picked, 1]], axis=1)
    return np.maximum(joined @ l0 + b0, 0) @ l1 + b1


@lru_cache(maxsize=4096)
def _batch(
    model: Any, simplified: str, positions: tuple[int, ...]
) -> tuple[tuple[int, str, float], ...]:
    import numpy as np

    bounds = sentences(simplified)
    rows, targets, asked, choices = [], [], [], []
    unknown = model.char2idx["<UNK>"]
    for p in positions:
        prons = model.cedict.get(simplified[p])
        if not prons or len(prons) < 2:
            continue
        start, sentence = next((s, t) for s, t in bounds if s <= p < s + len(t))
        left = max(start, p - WINDOW)
        right = min(start + len(sentence), p + WINDOW + 1)
        ids = [model.char2idx.get(ch, unknown) for ch in simplified[left:right]]
        rows.append([model.char2idx["시"], *ids, model.char2idx["끝"]])  # BOS, EOS
        targets.append(p - left + 1)
        asked.append(p)
        choices.append([model.class2idx[c] for c in prons if c in model.class2idx])
    if not rows:
        return ()
    logits = _logits(model, rows, targets)
    out = []
    for p, scores, own in zip(asked, logits, choices, strict=True):
        best = int(np.argmax(scores))
        syllable = _marks(model.idx2class[best])
        if syllable:
            # the softmax of the best score over the character's own readings
            sure = float(1 / np.exp(scores[own] - scores[best]).sum()) if best in own else 0.0
            out.append((p, syllable, sure))
    return tuple(out)


def cache_clear() -> None:
    """Forget the answers kept (for measuring what a new text costs)."""
    _batch.cache_clear()
    context_readings.cache_clear()
