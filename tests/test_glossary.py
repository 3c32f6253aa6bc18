"""The curated glossary: the shipped files validate, bad files give clear one-line
problems, every article term is found and annotated in every script, and
`reader glossary QUERY` finds entries by form, id and pinyin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader import paths
from reader.cli import main
from reader.lang.glossary import (
    GlossaryError,
    bundled_glossary,
    check_files,
    glossary_files,
    load_glossary,
    quality_problems,
)
from reader.lang.pinyin import is_dictionary_word
from reader.text.chars import convert
from tests.conftest import REPO

SCRIPTS = ["original", "simplified", "traditional", "taiwan", "hongkong"]
ARTICLE = (REPO / "texts" / "deepseek.txt").read_text(encoding="utf-8")
ARTICLE_TERMS = [
    line.strip()
    for line in (REPO / "tests" / "data" / "article_terms.txt").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# --- writing glossary folders for the validation tests --------------------------------------


def toml_value(value) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def toml_file(domain: str, entries: list[dict]) -> str:
    out = [f'domain = "{domain}"', ""]
    for entry in entries:
        out.append("[[term]]")
        out += [f"{key} = {toml_value(value)}" for key, value in entry.items()]
        out.append("")
    return "\n".join(out)


def entry(entry_id: str, simplified: str, traditional: str, pinyin: str, **extra) -> dict:
    data = {
        "id": entry_id,
        "kind": "term",
        "simplified": simplified,
        "traditional": traditional,
        "pinyin": pinyin,
        "english": [entry_id.replace("-", " ")],
        "explanation": f"What {entry_id} means.",
        "explanation_zh": "解释。",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


PE = entry("pe-ratio", "市盈率", "市盈率", "shì yíng lǜ")
VALUATION = entry("valuation", "估值", "估值", "gū zhí")
ALGORITHM = entry(
    "algorithm",
    "算法",
    "算法",
    "suàn fǎ",
    variants=[{"term": "演算法", "pinyin": "yǎn suàn fǎ", "where": "Taiwan"}],
)


def folder(tmp_path: Path, files: dict[str, str]) -> Path:
    target = tmp_path / "glossary"
    target.mkdir()
    for name, text in files.items():
        (target / name).write_text(text, encoding="utf-8")
    return target


def problems_of(tmp_path: Path, files: dict[str, str]) -> list[str]:
    target = folder(tmp_path, files)
    _, problems = check_files(glossary_files(target))
    with pytest.raises(GlossaryError) as caught:
        load_glossary(target)
    assert caught.value.problems == problems
    assert "\n" not in str(caught.value)
    for problem in problems:
        assert "\n" not in problem and problem.strip() == problem
        assert problem.split(":")[0].endswith(".toml"), problem  # names its file first
    return problems


def test_good_folder_loads(tmp_path):
    target = folder(
        tmp_path,
        {
            "finance.toml": toml_file("finance", [PE, VALUATION]),
            "ai.toml": toml_file("ai", [ALGORITHM]),
        },
    )
    entries, problems = check_files(glossary_files(target))
    assert problems == [] and len(entries) == 3
    gloss = load_glossary(target)
    assert len(gloss) == 3 and gloss.checksum
    assert gloss.match("演算法") == ("algorithm", ("yǎn", "suàn", "fǎ"))
    assert gloss.get("pe-ratio").domain == "finance"


# --- the shipped files ----------------------------------------------------------------------


def test_shipped_glossary_checks_ok():
    result = run("glossary", "check")
    assert result.exit_code == 0, result.output
    line = result.output.strip()
    assert "\n" not in line and line.startswith("glossary OK: ")
    count = int(line.split("glossary OK: ")[1].split()[0])
    assert count >= 120
    assert count == len(bundled_glossary())
    assert "finance.toml" in line and "ai.toml" in line


def test_shipped_glossary_has_no_problems():
    from reader.resources import glossary_dir

    entries, problems = check_files(glossary_files(glossary_dir()))
    assert problems == []
    assert {e.domain for e in entries} >= {"finance", "ai"}
    assert {e.domain for e in entries} == {p.stem for p in glossary_files(glossary_dir())}


# --- validation: one clear line per problem ---------------------------------------------------


def test_bad_toml(tmp_path):
    problems = problems_of(tmp_path, {"finance.toml": 'domain = "finance"\n[[term]\nid = "x"\n'})
    assert len(problems) == 1
    assert problems[0].startswith("finance.toml: not valid TOML (")
    assert "line 2" in problems[0]


def test_unknown_field(tmp_path):
    problems = problems_of(
        tmp_path, {"finance.toml": toml_file("finance", [{**PE, "pinyn": "shì yíng lǜ"}])}
    )
    assert problems == [problems[0]]
    assert problems[0].startswith("finance.toml: entry 'pe-ratio': unknown field 'pinyn' ")
    assert "allowed:" in problems[0] and "pinyin" in problems[0]


def test_missing_field(tmp_path):
    broken = {k: v for k, v in PE.items() if k != "explanation_zh"}
    problems = problems_of(tmp_path, {"finance.toml": toml_file("finance", [broken])})
    assert problems == ["finance.toml: entry 'pe-ratio': missing field 'explanation_zh'"]


def test_missing_id_names_the_entry_by_position(tmp_path):
    broken = {k: v for k, v in VALUATION.items() if k != "id"}
    problems = problems_of(tmp_path, {"finance.toml": toml_file("finance", [PE, broken])})
    assert problems == ["finance.toml: entry '#2': missing field 'id'"]


@pytest.mark.parametrize(
    ("field", "value", "kind"),
    [
        ("english", "valuation", "a list"),
        ("pinyin", ["gū", "zhí"], "a string"),
        ("explanation", 3, "a string"),
        ("related", "pe-ratio", "a list"),
    ],
)
def test_wrong_type(tmp_path, field, value, kind):
    problems = problems_of(
        tmp_path, {"finance.toml": toml_file("finance", [PE, {**VALUATION, field: value}])}
    )
    assert problems == [f"finance.toml: entry 'valuation': field '{field}' must be {kind}"]


def test_pinyin_syllable_count(tmp_path):
    problems = problems_of(
        tmp_path, {"finance.toml": toml_file("finance", [{**PE, "pinyin": "shì yíng lǜ lǜ"}])}
    )
    assert problems == [
        "finance.toml: entry 'pe-ratio': pinyin has 4 syllables for 3 Han characters in '市盈率'"
    ]


def test_pinyin_must_be_tone_marked(tmp_path):
    problems = problems_of(
        tmp_path, {"finance.toml": toml_file("finance", [{**VALUATION, "pinyin": "gu1 zhi2"}])}
    )
    assert problems == [
        "finance.toml: entry 'valuation': pinyin 'gu1 zhi2' is not tone-marked pinyin"
    ]


def test_duplicate_id_across_files(tmp_path):
    problems = problems_of(
        tmp_path,
        {
            "ai.toml": toml_file("ai", [entry("valuation", "估价", "估價", "gū jià")]),
            "finance.toml": toml_file("finance", [VALUATION]),
        },
    )
    assert problems == ["finance.toml: entry 'valuation': duplicate id (also in ai.toml)"]


def test_duplicate_term(tmp_path):
    problems = problems_of(
        tmp_path,
        {
            "finance.toml": toml_file(
                "finance", [VALUATION, entry("estimate", "估值", "估值", "gū zhí")]
            )
        },
    )
    assert problems == ["finance.toml: entry 'estimate': term '估值' is already entry 'valuation'"]


def test_duplicate_term_through_a_traditional_variant(tmp_path):
    """Forms are compared in simplified: a traditional variant clashes with a headword."""
    problems = problems_of(
        tmp_path,
        {
            "ai.toml": toml_file("ai", [ALGORITHM]),
            "finance.toml": toml_file(
                "finance",
                [
                    entry(
                        "deduction",
                        "演算",
                        "演算",
                        "yǎn suàn",
                        variants=[{"term": "演算法", "pinyin": "yǎn suàn fǎ", "where": "x"}],
                    )
                ],
            ),
        },
    )
    assert problems == [
        "finance.toml: entry 'deduction': term '演算法' is already entry 'algorithm'"
    ]


def test_related_id_must_exist(tmp_path):
    problems = problems_of(
        tmp_path,
        {"finance.toml": toml_file("finance", [{**VALUATION, "related": ["pe-ratio", "p-e"]}, PE])},
    )
    assert problems == ["finance.toml: entry 'valuation': related id 'p-e' does not exist"]


def test_han_variant_needs_pinyin(tmp_path):
    broken = {**PE, "variants": [{"term": "本益比", "where": "Taiwan"}]}
    problems = problems_of(tmp_path, {"finance.toml": toml_file("finance", [broken])})
    assert problems == ["finance.toml: entry 'pe-ratio': variant 1: '本益比' needs a pinyin"]


def test_latin_variant_needs_no_pinyin(tmp_path):
    good = {**PE, "variants": [{"term": "PE", "where": "jargon"}]}
    target = folder(tmp_path, {"finance.toml": toml_file("finance", [good])})
    assert load_glossary(target).match("PE") == ("pe-ratio", ())


def test_every_problem_of_every_file_is_listed(tmp_path):
    problems = problems_of(
        tmp_path,
        {
            "ai.toml": toml_file("ai", [{**ALGORITHM, "pinyin": "suàn"}]),
            "finance.toml": toml_file(
                "finance", [{**PE, "colour": "red"}, {**VALUATION, "related": ["nothing"]}]
            ),
        },
    )
    assert len(problems) == 3
    assert problems[0].startswith("ai.toml: entry 'algorithm': pinyin has 1 syllables")
    assert problems[1].startswith("finance.toml: entry 'pe-ratio': unknown field 'colour'")
    assert problems[2] == "finance.toml: entry 'valuation': related id 'nothing' does not exist"


def test_check_command_lists_problems_one_per_line(tmp_path, monkeypatch, request):
    """`reader glossary check` checks the bundled folder; point it at a bad one."""
    target = folder(
        tmp_path,
        {
            "finance.toml": toml_file(
                "finance",
                [{**PE, "pinyin": "shì yíng lǜ lǜ"}, {**VALUATION, "related": ["nothing"]}],
            )
        },
    )
    from reader.lang import glossary as glossary_module

    caches = (
        glossary_module.bundled_glossary,
        glossary_module.bundled_domains,
        glossary_module.bundled_digest,
    )

    def forget() -> None:  # what the bad folder gave must not stay as the bundled one
        for cached in caches:
            cached.cache_clear()

    forget()
    request.addfinalizer(forget)
    monkeypatch.setattr("reader.resources.glossary_dir", lambda: target)
    result = run("glossary", "check")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "reader: glossary: finance.toml: entry 'pe-ratio': pinyin has 4 syllables for 3 Han "
        "characters in '市盈率'",
        "reader: glossary: finance.toml: entry 'valuation': related id 'nothing' does not exist",
    ]


# --- the article's terms ------------------------------------------------------------------------


def all_tokens(data: dict):
    yield from data["title_tokens"]
    for section in data["sections"]:
        yield from section["title_tokens"]
        for paragraph in section["paragraphs"]:
            yield from paragraph["tokens"]


@pytest.fixture(scope="module")
def annotated_scripts() -> dict[str, list[dict]]:
    out = {}
    for script in SCRIPTS:
        result = run("annotate", "deepseek", "--format", "json", "--script", script)
        assert result.exit_code == 0
        out[script] = list(all_tokens(json.loads(result.output)))
    return out


def test_article_terms_list_is_long_enough():
    assert len(ARTICLE_TERMS) >= 50
    assert len(set(ARTICLE_TERMS)) == len(ARTICLE_TERMS)


def test_every_article_term_is_a_glossary_form_in_the_article():
    gloss = bundled_glossary()
    not_forms = [t for t in ARTICLE_TERMS if gloss.match(convert(t, "t2s")) is None]
    not_in_article = [t for t in ARTICLE_TERMS if t not in ARTICLE]
    assert not_forms == []
    assert not_in_article == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_article_term_is_annotated(annotated_scripts, script):
    gloss = bundled_glossary()
    found = {t["term"] for t in annotated_scripts[script]}
    missing = [
        (term, gloss.match(convert(term, "t2s"))[0])
        for term in ARTICLE_TERMS
        if gloss.match(convert(term, "t2s"))[0] not in found
    ]
    assert missing == []


def test_taiwan_script_shows_taiwan_variants_under_the_same_id(annotated_scripts):
    taiwan = annotated_scripts["taiwan"]
    original = annotated_scripts["original"]
    assert len(taiwan) == len(original)
    algorithm = [t for t in taiwan if t["term"] == "algorithm"]
    assert algorithm and all(t["text"] == "演算法" for t in algorithm)
    assert all(t["pinyin"] == ["yǎn", "suàn", "fǎ"] for t in algorithm)
    for shown, orig in zip(taiwan, original, strict=True):
        assert shown["term"] == orig["term"]


def test_taiwan_script_keeps_latin_abbreviations(annotated_scripts):
    """The author wrote AI, PE, GPU: the Taiwan script must not turn them into the entry's
    Taiwan variant (人工智慧, 本益比, 繪圖處理器)."""
    pairs = zip(annotated_scripts["original"], annotated_scripts["taiwan"], strict=True)
    changed = {
        (o["text"], t["text"]) for o, t in pairs if o["text"].isascii() and o["text"] != t["text"]
    }
    assert changed == set()


# --- matching ---------------------------------------------------------------------------------


def test_longest_match_wins(annotated_scripts):
    tokens = annotated_scripts["original"]
    anchor = [t for t in tokens if t["text"] == "估值錨點"]
    assert len(anchor) == 1 and anchor[0]["term"] == "valuation-anchor"
    assert anchor[0]["pinyin"] == ["gū", "zhí", "máo", "diǎn"]
    pairs = zip(tokens, tokens[1:], strict=False)
    assert not any(a["text"] == "估值" and b["text"].startswith("錨") for a, b in pairs)
    model = [t for t in tokens if t["text"] == "估值模型"]
    assert model and {t["term"] for t in model} == {"valuation-model"}


def test_pe_in_the_article_is_the_pe_ratio_entry(annotated_scripts):
    gloss = bundled_glossary()
    pe_entries = [e for e in gloss.entries.values() if "P/E ratio" in e.english]
    assert len(pe_entries) == 1
    pe_tokens = [t for t in annotated_scripts["original"] if t["text"] == "PE"]
    assert len(pe_tokens) == ARTICLE.count("PE") >= 2
    assert {t["term"] for t in pe_tokens} == {pe_entries[0].id}
    assert all(t["pinyin"] == [] for t in pe_tokens)


def test_terms_are_found_in_simplified_text():
    from reader.annotated.document import default_annotator

    text = "当前特斯拉PE高达170倍，算法效率成为新的估值标尺，估值锚点被拉低，开源模型的算力集群。"
    tokens = default_annotator().annotate(text)
    assert "".join(t.text for t in tokens) == text
    terms = {t.text: t.term for t in tokens if t.term}
    assert terms["PE"] == "pe-ratio"
    assert terms["算法"] == "algorithm"
    assert terms["估值标尺"] == "valuation-yardstick"
    assert terms["估值锚点"] == "valuation-anchor"
    assert "估值" not in terms  # never split out of the longer terms
    assert ("开源" in terms or "开源模型" in terms) and ("算力" in terms or "算力集群" in terms)


def test_match_takes_simplified_forms_only():
    gloss = bundled_glossary()
    assert gloss.match("估值锚点")[0] == "valuation-anchor"
    assert gloss.match(convert("估值錨點", "t2s"))[0] == "valuation-anchor"
    assert gloss.match("演算法")[0] == "algorithm"  # a Taiwan variant is a form too
    assert gloss.match("估") is None and gloss.is_prefix("估")


# --- `reader glossary QUERY` -------------------------------------------------------------------


@pytest.mark.parametrize("query", ["估值", "guzhi", "gū zhí", "gu1 zhi2", "valuation"])
def test_glossary_query_finds_valuation(query):
    result = run("glossary", query)
    assert result.exit_code == 0
    found = result.output.split("\n\n")
    # without tones gu zhi is also 股指 (gǔ zhǐ): the two come first, in either order
    first = found[0] if query != "guzhi" or "id: valuation]" in found[0] else found[1]
    assert first.startswith("估值  gū zhí\n")
    assert "id: valuation]" in first


@pytest.mark.parametrize("query", ["估值", "guzhi", "gū zhí", "gu1 zhi2"])
def test_glossary_query_json(query):
    result = run("glossary", query, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    ids = [e["id"] for e in data]
    # without tones gu zhi is also 股指 (gǔ zhǐ, a stock index): both come first
    assert ids[0] == "valuation" if query != "guzhi" else "valuation" in ids[:2]
    data = [e for e in data if e["id"] == "valuation"]
    assert data[0]["pinyin"] == "gū zhí" and data[0]["domain"] == "finance"
    assert "valuation-anchor" in data[0]["related"]


def test_glossary_query_by_traditional_form_and_variant():
    data = json.loads(run("glossary", "估值錨點", "--format", "json").output)
    assert [e["id"] for e in data] == ["valuation-anchor"]
    data = json.loads(run("glossary", "演算法", "--format", "json").output)
    assert [e["id"] for e in data] == ["algorithm"]


def test_glossary_unknown_query_exits_2_with_one_line():
    result = run("glossary", "nonexistentterm")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "nonexistentterm" in lines[0] and lines[0].startswith("reader:")


def test_glossary_list_and_domain_filter():
    result = run("glossary", "--format", "json")
    assert result.exit_code == 0, result.output[-500:]
    everything = json.loads(result.stdout)
    assert len(everything) == len(bundled_glossary())
    ai_run = run("glossary", "--domain", "ai", "--format", "json")
    assert ai_run.exit_code == 0, ai_run.output[:500]
    ai = json.loads(ai_run.stdout)
    assert ai and {e["domain"] for e in ai} == {"ai"} and len(ai) < len(everything)
    listing = run("glossary").output.splitlines()
    assert len(listing) == len(everything)


@pytest.mark.parametrize(
    "query", ["shi4 ying2 lv4", "shi4 ying2 lu:4", "shì yíng lǜ", "shiyinglv", "shiyinglu"]
)
def test_glossary_query_pinyin_with_u_umlaut(query):
    """ü typed as v (lv4), as CC-CEDICT's u: (lu:4), with marks, or as plain u."""
    assert [e.id for e in bundled_glossary().find(query)][0] == "pe-ratio"  # best first


def test_empty_variant_term_is_a_problem(tmp_path):
    """An empty variant term would make '' a form of the entry."""
    broken = {**VALUATION, "variants": [{"term": "", "where": "nowhere"}]}
    problems = problems_of(tmp_path, {"finance.toml": toml_file("finance", [broken])})
    assert problems == ["finance.toml: entry 'valuation': variant 1: term is empty"]


def test_taiwan_script_does_not_expand_names_or_change_senses(annotated_scripts):
    pairs = list(zip(annotated_scripts["original"], annotated_scripts["taiwan"], strict=True))
    musk = {t["text"] for o, t in pairs if o["text"] == "馬斯克"}
    application = {t["text"] for o, t in pairs if o["text"] == "應用"}
    assert musk == {"馬斯克"}
    assert application == {"應用"}


# --- the quality checks of `reader glossary check` (issue 12): each catches a broken entry ---


def quality_of(tmp_path: Path, *entries: dict) -> list[str]:
    target = folder(tmp_path, {"finance.toml": toml_file("finance", list(entries))})
    found, problems = check_files(glossary_files(target))
    assert problems == [], problems  # loads: only the slower checks object
    return quality_problems(found)


def test_a_good_entry_passes_the_quality_checks(tmp_path):
    good = entry(
        "loan-prime-rate",
        "贷款市场报价利率",
        "貸款市場報價利率",
        "dài kuǎn shì chǎng bào jià lì lǜ",
    )
    assert quality_of(tmp_path, good, PE, VALUATION) == []


@pytest.mark.parametrize(
    ("broken", "words"),
    [
        (entry("x", "估值", "估值", "gū zhíx"), "not a pinyin syllable: zhíx"),
        (entry("x", "估值", "估值", "gu zhi"), None),  # toneless syllables are syllables
        (entry("x", "C轮融资", "C輪融資", "lún róng zī"), "leaves out C"),
        (
            entry("x", "数据中心", "数据中心", "shù jù zhōng xīn"),
            "not the Taiwan standard '數據中心'",
        ),
        (entry("x", "台积电", "台積電", "tái jī diàn"), "not the Taiwan standard '臺積電'"),
        (entry("x", "市场", "市場", "shì chǎng"), "HSK 4 word"),
        (
            entry(
                "x",
                "雪佛兰",
                "雪佛蘭",
                "xuě fó lán",
                variants=[{"term": "雪佛蘭", "pinyin": "xuě fó lán", "where": "Taiwan"}],
            ),
            "variant '雪佛蘭' is the entry's own form",
        ),
        (
            entry(
                "x",
                "澳元",
                "澳元",
                "ào yuán",
                variants=[
                    {"term": "澳币", "pinyin": "ào bì", "where": "Taiwan"},
                    {"term": "澳幣", "pinyin": "ào bì", "where": "Taiwan"},
                ],
            ),
            "two plain 'Taiwan' variants",
        ),
    ],
)
def test_each_quality_check_catches_a_broken_entry(tmp_path, broken, words):
    problems = quality_of(tmp_path, broken)
    if words is None:
        assert problems == []
    else:
        assert len(problems) == 1 and words in problems[0], problems
        assert problems[0].startswith("finance.toml: entry 'x': ")


def test_a_stated_reason_answers_the_quality_checks(tmp_path):
    tsmc = entry(
        "tsmc", "台积电", "台積電", "tái jī diàn", traditional_exception="the company writes 台"
    )
    market = entry("market", "市场", "市場", "shì chǎng", domain_sense="the stock market")
    latin = entry("series-c", "C轮融资", "C輪融資", "C lún róng zī")
    assert quality_of(tmp_path, tsmc, market, latin) == []


def test_latin_letters_in_the_pinyin_are_the_terms_own(tmp_path):
    target = folder(
        tmp_path,
        {"f.toml": toml_file("f", [entry("x", "C轮融资", "C輪融資", "D lún róng zī")])},
    )
    _, problems = check_files(glossary_files(target))
    assert problems == ["f.toml: entry 'x': pinyin has 'D' where 'C轮融资' has 'C'"]
    (tmp_path / "g").mkdir()
    good = folder(
        tmp_path / "g",
        {"f.toml": toml_file("f", [entry("x", "C轮融资", "C輪融資", "C lún róng zī")])},
    )
    gloss = load_glossary(good)
    assert gloss.get("x").pinyin == ("lún", "róng", "zī")  # one syllable per Han character
    assert gloss.get("x").pinyin_text == "C lún róng zī"


def test_check_command_takes_folders_and_files(tmp_path):
    target = folder(tmp_path, {"finance.toml": toml_file("finance", [PE])})
    extra = tmp_path / "extra.toml"
    extra.write_text(toml_file("extra", [entry("y", "市盈率", "市盈率", "shì yíng lǜ")]), "utf-8")
    result = run("glossary", "check", str(target), str(extra))
    assert result.exit_code == 2
    assert "term '市盈率' is already entry 'pe-ratio'" in result.output
    result = run("glossary", "check", str(target))
    assert result.exit_code == 0 and "1 entries in 1 files" in result.output


def test_a_checked_glossary_is_read_back_from_the_cache(tmp_path, fresh_home, monkeypatch):
    import reader.lang.glossary as glossary_module

    target = folder(tmp_path, {"finance.toml": toml_file("finance", [PE, VALUATION, ALGORITHM])})
    first = load_glossary(target)
    kept = list((fresh_home / "cache" / "glossary").glob("*.json"))
    assert len(kept) == 1

    def no_check(*args):
        raise AssertionError("checked again")

    monkeypatch.setattr(glossary_module, "check_files", no_check)
    again = load_glossary(target)
    assert again.entries == first.entries and again.match("演算法") == first.match("演算法")
    monkeypatch.undo()
    kept[0].write_text("{", "utf-8")  # damaged: checked anew
    assert load_glossary(target).entries == first.entries
    (target / "finance.toml").write_text(toml_file("finance", [PE]), "utf-8")
    assert list(load_glossary(target).entries) == ["pe-ratio"]  # a change is seen
    broken = toml_file("finance", [PE]).replace("市盈率", "", 1)
    (target / "finance.toml").write_text(broken, "utf-8")
    with pytest.raises(GlossaryError):
        load_glossary(target)


def swallowing_words(annotator, limit: int = 0) -> list[tuple[str, str]]:
    """(jieba word, glossary form inside it) for the words of jieba's dictionary (counted
    50 times or more) made of a glossary form and a glossary form or a word of two or
    more characters, which are no glossary form themselves: jieba would keep them whole
    and hide the term (亿美元 hid 亿 and 美元)."""
    glossary = annotator.glossary
    from reader.lang.segment import PrefixTable

    freq = annotator.segmenter._ready().FREQ
    out = []
    for word, count in (freq.whole() if isinstance(freq, PrefixTable) else freq).items():
        if count < 50 or len(word) < 2 or glossary.match(word) is not None:
            continue
        for cut in range(1, len(word)):
            head, tail = word[:cut], word[cut:]
            for form, rest in ((head, tail), (tail, head)):
                if glossary.match(form) is None:
                    continue
                if glossary.match(rest) is not None or (len(rest) >= 2 and annotator.is_word(rest)):
                    out.append((word, form))
                    break
            else:
                continue
            break
    return out


def test_no_glossary_term_is_hidden_inside_a_longer_jieba_word():
    from reader.annotated.document import default_annotator

    annotator = default_annotator()
    found = swallowing_words(annotator)
    assert ("亿美元", "亿") in found or ("亿美元", "美元") in found  # the case the review found
    hidden = []
    for word, form in found:
        if is_dictionary_word(word):
            continue  # its own entry explains it (see the next test)
        tokens = annotator.annotate(f"这是{word}。")
        if not any(token.term and form in token.text for token in tokens):
            hidden.append(f"{word} hides {form}")
    assert hidden == []


@pytest.mark.parametrize(
    "word", ["纳米比亚", "北大西洋", "点点滴滴", "资本主义", "软体动物", "有利可图", "剩余价值"]
)
def test_a_dictionary_word_is_not_cut_for_the_term_inside_it(word):
    """Namibia is not 纳米 (nanometre) + 比亚, the North Atlantic not 北大 (Peking
    University) + 西洋, capitalism not 资本 + 主义."""
    from reader.annotated.document import default_annotator

    tokens = default_annotator().annotate(f"这是{word}。")
    assert word in [t.text for t in tokens]


def test_the_article_headline_forms_of_decline_are_marked():
    from reader.annotated.document import default_annotator

    tokens = default_annotator().annotate("英偉達股價一週時間跌超20%")
    assert [t.term for t in tokens if t.text == "跌"] == ["decline"]


def test_search_matches_pinyin_at_syllable_starts_and_english_best_first(tmp_path):
    entries = [
        entry("large-language-model", "大语言模型", "大語言模型", "dà yǔ yán mó xíng"),
        entry("apple-chain", "果链", "果鏈", "guǒ liàn", english=["Apple supply chain"]),
        entry("stock-index", "股指", "股指", "gǔ zhǐ", english=["stock index"]),
        VALUATION,
        entry("model-risk", "模型风险", "模型風險", "mó xíng fēng xiǎn", english=["model risk"]),
    ]
    gloss = load_glossary(folder(tmp_path, {"f.toml": toml_file("f", entries)}))

    def ids(query: str) -> list[str]:
        return [e.id for e in gloss.find(query)]

    # whole syllables first, then partway into one (guǒ), then the English that only contains it
    assert ids("gu") == ["stock-index", "valuation", "apple-chain", "large-language-model"]
    assert ids("gū zhí")[0] == "valuation" and ids("gu3 zhi3")[0] == "stock-index"
    assert set(ids("guzhi")) == {"valuation", "stock-index"}
    assert ids("model") == ["model-risk", "large-language-model"]  # a word of the gloss
    assert ids("large language model") == ["large-language-model"]
    assert ids("模型") == ["model-risk", "large-language-model"]  # forms that contain it


def test_a_variants_latin_letters_stay_in_its_shown_pinyin(tmp_path):
    agent = entry(
        "ai-agent",
        "智能体",
        "智能體",
        "zhì néng tǐ",
        variants=[{"term": "AI代理", "pinyin": "AI dài lǐ", "where": "Taiwan"}],
    )
    gloss = load_glossary(folder(tmp_path, {"f.toml": toml_file("f", [agent])}))
    variant = gloss.get("ai-agent").variants[0]
    assert variant.pinyin == ("dài", "lǐ") and variant.pinyin_text == "AI dài lǐ"
    assert gloss.match("AI代理") == ("ai-agent", ("dài", "lǐ"))  # the ruby: Han syllables


@pytest.mark.parametrize(
    ("text", "term", "marked"),
    [
        ("我們用V3模型。", "V3", True),
        ("DeepSeek-V3模型", "DeepSeek-V3", True),
        ("DX-V3模型很強", "V3", False),  # another name that ends in V3
        ("X-AI公司", "AI", False),
        ("V3-based", "V3", False),
        ("AI、5G和IoT", "5G", True),
        ("用V3.", "V3", True),  # a full stop ends it
        ("买入沪深300ETF", "ETF", True),  # after a figure: a word of its own
        ("中证A50ETF上市", "ETF", True),
    ],
)
def test_a_latin_form_is_marked_only_as_a_whole_name(text, term, marked):
    from reader.lang.annotate import Annotator

    tokens = Annotator(bundled_glossary()).annotate(text)
    hits = [t for t in tokens if t.text == term]
    assert hits, [t.text for t in tokens]
    assert (hits[0].term is not None) == marked


def test_a_figure_with_its_own_letters_stays_a_name():
    from reader.lang.annotate import Annotator

    glossary = bundled_glossary()
    tokens = Annotator(glossary).annotate("6G與B5G技術")
    marked = {t.text: t.term for t in tokens if t.term is not None}
    assert marked.get("6G") == glossary.match("6G")[0]
    # B5G is never 5G (it may be an entry of its own: "beyond 5G")
    assert "5G" not in marked and marked.get("B5G") != glossary.match("5G")[0]


def test_a_term_and_its_trade_carries_the_term():
    from reader.lang.annotate import Annotator

    tokens = Annotator(bundled_glossary()).annotate("紫金矿业入局期货业")
    trade = next(t for t in tokens if t.text == "期货业")
    assert trade.term == bundled_glossary().match("期货")[0]
    assert trade.pinyin == ("qī", "huò", "yè")
    # and its popup explains the term (the word itself is no form of it)
    from reader.lang.lookup import look_up

    info = look_up(trade.text, bundled_glossary(), term=trade.term)
    assert info.glossary is not None and info.glossary.id == trade.term
    assert look_up(trade.text, bundled_glossary()).glossary is None


def test_a_form_starting_with_a_latin_letter_does_not_cut_a_latin_word(tmp_path):
    from reader.lang.annotate import Annotator

    forms = [
        entry("p-mortgage", "P按", "P按", "P àn"),
        entry("yoy", "按年", "按年", "àn nián"),
        entry("a-shares", "A股", "A股", "A gǔ"),
    ]
    gloss = load_glossary(folder(tmp_path, {"f.toml": toml_file("f", forms)}))
    assert "P按" not in gloss.jieba_words() and "按年" in gloss.jieba_words()
    annotator = Annotator(gloss)
    tokens = annotator.annotate("GDP按年增长，部分P按上调，A股大涨")
    marked = [(t.text, t.term) for t in tokens if t.term]
    assert marked == [("按年", "yoy"), ("P按", "p-mortgage"), ("A股", "a-shares")]


def test_a_glossary_read_again_starts_from_its_index_and_reads_entries_when_asked(
    fresh_home, tmp_path
):
    from reader.lang import glossary as module

    entries = [
        entry("large-language-model", "大语言模型", "大語言模型", "dà yǔ yán mó xíng"),
        entry("valuation", "估值", "估值", "gū zhí"),
    ]
    where = folder(tmp_path, {"f.toml": toml_file("f", entries)})
    first = load_glossary(where)
    again = load_glossary(where)
    assert again._entries is None, "nothing but the index read"
    assert again.match("估值") == first.match("估值") and len(again) == 2
    assert again.jieba_words() == first.jieba_words() and again.is_prefix("大语")
    assert again.get("valuation") == first.get("valuation")  # the entries, read now
    # a damaged index, or entries gone from the cache: read as the first time
    (index,) = (paths.cache_dir() / "glossary").glob("*.index")
    for damage in (b"not json", b'{"version": 3}', b'{"version": 3, "forms": 1}'):
        index.write_bytes(damage)
        assert load_glossary(where).entries == first.entries
        index = next((paths.cache_dir() / "glossary").glob("*.index"))
    for cached in (paths.cache_dir() / "glossary").glob("*.json"):
        cached.unlink()
    assert load_glossary(where).entries == first.entries
    assert module.Index.load(module.Index.of(first.entries.values()).dump()) == first._index


def test_an_index_read_from_the_cache_reads_its_words_only_when_asked(fresh_home, tmp_path):
    from reader.lang import glossary as module

    entries = [
        entry("valuation", "估值", "估值", "gū zhí"),
        entry("large-language-model", "大语言模型", "大語言模型", "dà yǔ yán mó xíng"),
    ]
    glossary = load_glossary(folder(tmp_path, {"f.toml": toml_file("f", entries)}))
    built = module.Index.of(glossary.entries.values())
    data = built.dump()
    index = module.Index.load(data)
    assert index.match("估值") == ("valuation", ("gū", "zhí")) and index.match("估") is None
    assert index.is_prefix("大语言") and not index.is_prefix("语言")
    assert index.kinds == {"valuation": "term", "large-language-model": "term"}
    assert index.words_digest == built.words_digest and index._parsed is None, "words unread"
    assert index.words == built.words
    # the part read later is checked when the file is read: damage cannot surface later
    rest_at = data.rindex(b'{"words"')
    damaged = data[:rest_at] + data[rest_at:].replace("估值".encode(), "估價".encode(), 1)
    with pytest.raises(ValueError):
        module.Index.load(damaged)
    for cut in (data[: len(data) // 2], data[:10], data + b"x"):
        with pytest.raises(ValueError):
            module.Index.load(cut)
