"""Our faster copies of what the fixed libraries do, word for word the same: jieba's cut
(reader/lang/segment.py), OpenCC's conversion (reader/text/opencc_fast.py) and g2pM's
BiLSTM (reader/lang/context_model.py), each run beside the library on real text, on
the edges of its input, and on made-up strings."""

from __future__ import annotations

import random

import pytest
from conftest import real_paragraphs
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.lang import segment
from reader.lang.glossary import bundled_glossary
from reader.text.chars import convert

EDGES = [
    "",
    " ",
    "\r\n",
    "a b\tc\n",
    "ABC-123 4.5% #tag C++ x_y",
    "乒乓球拍卖完了",
    "　全角　空格，。",
    "x\r\ny",
    "😀中文😀",
    "𠀀𠀁字",  # beyond the BMP
    "他说：“我们走吧！”——然后……",
    "一" * 300,  # a long run jieba's HMM reads
    "結婚的和尚未結婚的",
]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    paragraphs = real_paragraphs()
    assert len(paragraphs) > 1000
    simplified = [convert(p, "t2s") for p in paragraphs]
    rng = random.Random(5)
    # long stretches with no separator at all
    joined = ["".join(rng.sample(simplified, 6)).replace("，", "") for _ in range(50)]
    return paragraphs + simplified + joined + EDGES


@pytest.fixture(scope="module", params=["plain", "glossary"])
def segmenter(request) -> segment.Segmenter:
    words = bundled_glossary().jieba_words() if request.param == "glossary" else ()
    return segment.Segmenter(words)


def _jieba(segmenter: segment.Segmenter, text: str) -> list[str]:
    return list(segmenter._ready().cut(text, HMM=True))


def test_the_cut_is_jiebas_on_real_text(segmenter, texts):
    wrong = [t for t in texts if segment._cut(segmenter._ready(), t, {}) != _jieba(segmenter, t)]
    assert not wrong, wrong[:3]


def test_the_cut_is_jiebas_again_from_what_it_remembers(texts):
    segmenter = segment.Segmenter()
    first = [segmenter.cut(t) for t in texts]
    assert segment._HMM_CUTS and segmenter._scores, "it remembered something"
    assert [segmenter.cut(t) for t in texts] == first
    segmenter.forget()
    assert not segment._HMM_CUTS and not segmenter._scores


# common characters, Latin letters, digits, spaces and punctuation
_ALPHABET = (
    "的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可"
    "下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面"
    "最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高"
    "已亲其进此话常与活正感ABC12 ,.，。、\n\t-%#"
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=60))
def test_the_cut_is_jiebas_on_made_up_strings(text):
    segmenter = _SEGMENTER
    assert segmenter.cut(text) == (_jieba(segmenter, text) if text else [])


_SEGMENTER = segment.Segmenter()

CONFIGS = ["t2s", "s2t", "t2tw", "s2tw", "t2hk", "s2hk", "tw2s", "hk2s", "s2twp"]


@pytest.mark.parametrize("config", CONFIGS)
def test_the_conversion_is_openccs_on_real_text(config, texts):
    import opencc

    from reader.text.opencc_fast import FastConverter

    theirs, ours = opencc.OpenCC(config), FastConverter(opencc.OpenCC(config))
    sample = texts[::3] + EDGES  # each configuration a third of the texts: the time
    wrong = [t for t in sample if ours.convert(t) != theirs.convert(t)]
    assert not wrong, wrong[:3]


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from("乾干幹著着髮發后後裡里臺台隻只麵面鍾鐘復複樂乐軟體软件 ，。-"),
        max_size=40,
    ),
    st.sampled_from(CONFIGS),
)
def test_the_conversion_is_openccs_on_made_up_strings(text, config):
    import opencc

    from reader.text.chars import converter

    assert converter(config).convert(text) == opencc.OpenCC(config).convert(text)


def _g2pm_logits(model, inputs, targets):
    """g2pM's `predict` with its own cells, stopped before its argmax."""
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


def test_the_context_model_scores_as_g2pm_reads(texts):
    """Our arrangement of g2pM's BiLSTM gives, at every polyphone of hundreds of real
    sentences, in batches of one and of many, g2pM's scores (to float32 rounding) and the
    reading g2pM's own `predict` picks."""
    import numpy as np

    from reader.lang import context_model

    model = context_model._model()
    if model is None:
        pytest.skip("g2pM is not installed")
    rng = random.Random(11)
    rows, targets = [], []
    for text in rng.sample([t for t in texts if 5 < len(t) < 60], 400):
        ids = [model.char2idx.get(ch, model.char2idx["<UNK>"]) for ch in text]
        row = [model.char2idx["시"], *ids, model.char2idx["끝"]]
        for i, ch in enumerate(text):
            if len(model.cedict.get(ch) or ()) > 1:
                rows.append(row)
                targets.append(i + 1)
    assert len(rows) > 300
    sizes = [1, 1, 2, 7, 50]
    start = 0
    while start < len(rows):  # batches of rows of different lengths, of one row too
        size = sizes[(start // 7) % len(sizes)]
        batch, at = rows[start : start + size], targets[start : start + size]
        start += size
        inputs = np.zeros((len(batch), max(map(len, batch))), dtype=np.int32)
        for i, row in enumerate(batch):
            inputs[i, : len(row)] = row
        ours = context_model._logits(model, batch, at)
        assert np.allclose(ours, _g2pm_logits(model, inputs, at), rtol=1e-6, atol=1e-4)
        assert list(np.argmax(ours, axis=1)) == list(model.predict(inputs, np.array(at)))


def test_the_rules_pass_over_only_words_and_characters_no_rule_reads(texts):
    """word_rules and paragraph_rules skip what is not in _RULED_WORDS and
    _PARAGRAPH_RULED: with nothing skipped they decide the same on real text."""
    from reader.lang import pinyin
    from reader.lang.annotate import Annotator

    class Everything(frozenset):
        def __contains__(self, item: object) -> bool:
            return True

    annotator = Annotator(bundled_glossary())
    # real text, and everyday sentences (ours) that each rule reads
    paragraphs = texts[:: max(1, len(texts) // 800)] + [
        "他过得很轻松，头发长得很快。",
        "我去还书，写了三行代码，把衣服塞进箱子，吃了一盘什锦。",
        "这只股票所处的位置，调高利率，就当没看见，鱼刺卡在喉咙里。",
        "借了钱一直不还。他为人很和气，视难民为负累，降镇远府为镇远州。",
        "他倒在地上，把他当朋友，找着了，睡不着觉，我们打的去吧。",
        "正当理由，什么都做得出，穿着一件外套，背着孩子，这个地方，干这一行，头发长长了。",
        "设左翼右营参将，他读了《岳飞传》，这件事我做得到。你办得了吗？谁也想得到。",
    ]
    cases = []
    for text in paragraphs:
        simplified = pinyin.simplified_form(text)
        tokens = annotator.annotate(text)
        words = {t.start: t.simplified for t in tokens}
        syllables = [""] * len(simplified)
        for t in tokens:
            if len(t.pinyin) == t.end - t.start:
                syllables[t.start : t.end] = t.pinyin
        cases.append((simplified, words, syllables))
    skipping = [(pinyin.word_rules(s, w), pinyin.paragraph_rules(s, y)) for s, w, y in cases]
    assert any(a or b for a, b in skipping), "the rules decide something here"
    import unittest.mock

    with (
        unittest.mock.patch.object(pinyin, "_RULED_WORDS", Everything()),
        unittest.mock.patch.object(pinyin, "_PARAGRAPH_RULED", Everything()),
    ):
        reading_all = [(pinyin.word_rules(s, w), pinyin.paragraph_rules(s, y)) for s, w, y in cases]
    assert skipping == reading_all
