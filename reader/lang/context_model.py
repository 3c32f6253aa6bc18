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


def _logits(model: Any, inputs: Any, targets: list[int]) -> Any:
    """g2pM's `predict` up to its scores over every reading (it returns their argmax
    only): the BiLSTM's states at each target, through its output layer."""
    import numpy as np

    lengths = np.sum(np.sign(inputs), axis=1)
    reverse = model.reverse_sequence(inputs, lengths)
    forward_in, backward_in = model.get_embedding(inputs), model.get_embedding(reverse)
    forward_state = backward_state = None
    forward, backward = [], []
    for i in range(max(lengths)):
        forward_state = model.fw_lstm_cell(forward_in[:, i, :], forward_state)
        backward_state = model.bw_lstm_cell(backward_in[:, i, :], backward_state)
        forward.append(forward_state[0])
        backward.append(backward_state[0])
    backward_states = model.reverse_sequence(np.stack(backward, axis=1), lengths)
    states = np.concatenate([np.stack(forward, axis=1), backward_states], axis=2)
    return model.fc_layer(states[np.arange(len(lengths)), targets])


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
    width = max(len(row) for row in rows)
    inputs = np.zeros((len(rows), width), dtype=np.int32)  # 0 is the padding
    for i, row in enumerate(rows):
        inputs[i, : len(row)] = row
    logits = _logits(model, inputs, targets)
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
