from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.text.chars import han_count

SCRIPTS = ["original", "simplified", "traditional", "taiwan", "hongkong"]


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def contract():
    result = run("annotate", "deepseek", "--format", "json")
    assert result.exit_code == 0
    return json.loads(result.output)


def test_json_contract_shape(contract, article):
    assert contract["title"] == article.title
    assert len(contract["sections"]) == 4
    assert contract["sections"][0]["title"] is None
    assert contract["sections"][1]["title"] == "共生邏輯下的AI敘事閉環"
    for section, doc_section in zip(contract["sections"], article.sections, strict=True):
        assert [p["id"] for p in section["paragraphs"]] == [p.id for p in doc_section.paragraphs]
        for paragraph, doc_paragraph in zip(
            section["paragraphs"], doc_section.paragraphs, strict=True
        ):
            assert "".join(t["text"] for t in paragraph["tokens"]) == doc_paragraph.text
            for token in paragraph["tokens"]:
                assert set(token) >= {"text", "pinyin", "term"}
                assert len(token["pinyin"]) == han_count(token["text"])
                assert token["term"] is None or isinstance(token["term"], str)


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_script_keeps_one_syllable_per_han_character(script, article):
    from reader.lang.script import to_script

    data = json.loads(run("annotate", "deepseek", "--format", "json", "--script", script).output)
    for section, doc_section in zip(data["sections"], article.sections, strict=True):
        for paragraph, doc_paragraph in zip(
            section["paragraphs"], doc_section.paragraphs, strict=True
        ):
            joined = "".join(t["text"] for t in paragraph["tokens"])
            if script != "taiwan":
                assert joined == to_script(doc_paragraph.text, script, "traditional")
            for token in paragraph["tokens"]:
                assert len(token["pinyin"]) == han_count(token["text"])


def test_scripts_differ_as_expected():
    def first(script):
        data = json.loads(
            run("annotate", "deepseek", "--format", "json", "--script", script).output
        )
        return "".join(t["text"] for t in data["sections"][0]["paragraphs"][2]["tokens"])

    assert "集群" in first("simplified")
    assert "集群" in first("traditional")  # Taiwan standard characters: 羣 -> 群
    assert "叢集" in first("taiwan") and "演算法" in first("taiwan")
    assert "集羣" in first("original")


def test_pinyin_styles():
    numbers = run("annotate", "deepseek", "--format", "json", "--pinyin", "numbers").output
    zhuyin = run("annotate", "deepseek", "--format", "json", "--pinyin", "zhuyin").output
    assert '"gu1", "zhi2"' in numbers
    assert "ㄍㄨ" in zhuyin


def test_text_format_is_readable_in_a_pipe():
    out = run("annotate", "deepseek").output
    assert out.startswith("# DeepSeek")
    assert "[s1p1] 過去(guòqù)十年(shínián)" in out
    assert "華爾街(huá'ěrjiē)" in out


def test_output_is_stable_across_runs():
    first = subprocess.run(
        [sys.executable, "-m", "reader", "annotate", "deepseek", "--format", "json"],
        capture_output=True,
        check=True,
    ).stdout
    assert first == run("annotate", "deepseek", "--format", "json").output.encode()


BAD_FILES = {
    "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
    "empty.txt": b"",
    "latin1.txt": ("Garçon, où est la bibliothèque? Très bien. " * 30).encode("latin-1"),
    "english.txt": b"No Chinese at all.\n",
}


@pytest.mark.parametrize("name", [*sorted(BAD_FILES), "folder", "missing.txt"])
def test_bad_files_exit_2_with_one_line(tmp_path, name):
    path = tmp_path / name
    if name == "folder":
        path.mkdir()
    elif name in BAD_FILES:
        path.write_bytes(BAD_FILES[name])
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "annotate", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "Traceback" not in proc.stderr
