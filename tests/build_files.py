"""Small books, pages, subtitles and PDFs that the tests (and the fuzz script) build
themselves: nothing is committed but the code that writes them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

CHAPTER_ONE = [
    "中国人民银行周一宣布，一年期贷款市场报价利率下调十个基点。",
    "消息公布后，沪深股市小幅上涨，银行板块领涨。",
]
CHAPTER_TWO = ["分析人士认为，货币政策将继续保持宽松。", "市场流动性合理充裕。"]


def epub_bytes(
    chapters: list[tuple[str, str]] | None = None,
    *,
    title: str = "测试之书",
    author: str = "鲁迅",
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """An EPUB (ebooklib writes it): `chapters` are (table-of-contents title, body
    HTML); `extra` files are added to the archive afterwards (META-INF/encryption.xml)."""
    from ebooklib import epub

    if chapters is None:
        chapters = [
            (
                "第一章 开始",
                "<h1>第一章 开始</h1>" + "".join(f"<p>{p}</p>" for p in CHAPTER_ONE),
            ),
            ("第二章 结束", "".join(f"<p>{p}</p>" for p in CHAPTER_TWO)),
        ]
    book = epub.EpubBook()
    book.set_identifier("reader-test-book")
    book.set_title(title)
    book.set_language("zh")
    if author:
        book.add_author(author)
    items = []
    for number, (name, body) in enumerate(chapters, start=1):
        item = epub.EpubHtml(uid=f"c{number}", title=name, file_name=f"c{number}.xhtml", lang="zh")
        item.content = f"<html><body>{body}</body></html>"
        book.add_item(item)
        items.append(item)
    book.toc = [epub.Link(i.file_name, i.title, f"c{n}") for n, i in enumerate(items)]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *items]
    out = io.BytesIO()
    epub.write_epub(out, book)
    data = out.getvalue()
    if extra:
        buffer = io.BytesIO(data)
        with zipfile.ZipFile(buffer, "a") as archive:
            for name, content in extra.items():
                archive.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
        data = buffer.getvalue()
    return data


ENCRYPTION_XML = """<?xml version="1.0"?>
<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
  xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
  <enc:EncryptedData>
    <enc:EncryptionMethod Algorithm="{algorithm}"/>
    <enc:CipherData><enc:CipherReference URI="{uri}"/></enc:CipherData>
  </enc:EncryptedData>
</encryption>
"""
AES = "http://www.w3.org/2001/04/xmlenc#aes128-cbc"
FONT_OBFUSCATION = "http://www.idpf.org/2008/embedding"


def drm_epub() -> bytes:
    return epub_bytes(
        extra={"META-INF/encryption.xml": ENCRYPTION_XML.format(algorithm=AES, uri="EPUB/c1.xhtml")}
    )


def font_obfuscated_epub() -> bytes:
    xml = ENCRYPTION_XML.format(algorithm=FONT_OBFUSCATION, uri="EPUB/fonts/song.otf")
    return epub_bytes(extra={"META-INF/encryption.xml": xml})


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "你好")
    return buffer.getvalue()


def pdf_bytes(
    pages: list[list[tuple[str, float]]] | None = None,
    *,
    title: str | None = None,
    password: str | None = None,
    owner_only: bool = False,
    running_head: str | None = None,
) -> bytes:
    """A PDF with a Chinese text layer (reportlab, the Adobe CID font STSong-Light: no
    font file needed). `pages` are lists of (line, font size); a line that starts with
    two ideographic spaces is a paragraph's first; each page gets its number."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    if pages is None:
        pages = [
            [
                ("第一章 开始", 18),
                (
                    "\u3000\u3000中国人民银行周一宣布，一年期贷款市场报价利率下调十个基点，这是今",
                    12,
                ),
                ("年以来的第二次降息。", 12),
                ("\u3000\u3000消息公布后，沪深股市小幅上涨，银行板块领涨。分析人士认为，货", 12),
                ("币政策将继续保持宽松，市场流动性合理充裕，实体经济的融资成本稳中有", 12),
            ],
            [
                ("降，支持经济稳定增长。", 12),
                ("第二章 结束", 18),
                ("\u3000\u3000业内人士表示，降息有助于降低实体经济的融资成本。", 12),
            ],
        ]
    encrypt = None
    if password is not None or owner_only:
        encrypt = pdfencrypt.StandardEncryption(
            password or "", ownerPassword="owner-secret", canPrint=0
        )
    out = io.BytesIO()
    page_canvas = canvas.Canvas(out, encrypt=encrypt)
    if title:
        page_canvas.setTitle(title)
    for number, lines in enumerate(pages, start=1):
        y = 780.0
        if running_head:
            page_canvas.setFont("STSong-Light", 9)
            page_canvas.drawString(72, 810, running_head)
        for text, size in lines:
            page_canvas.setFont("STSong-Light", size)
            page_canvas.drawString(72, y, text)
            y -= size * 1.5
        page_canvas.setFont("STSong-Light", 10)
        page_canvas.drawString(300, 40, str(number))
        page_canvas.showPage()
    page_canvas.save()
    return out.getvalue()


def image_pdf() -> bytes:
    """A 'scanned' page: a picture, no text layer."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.rect(72, 72, 400, 600, fill=1)
    page.showPage()
    page.save()
    return out.getvalue()


def english_pdf(**options) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    encrypt = None
    if options.get("owner_only"):
        from reportlab.lib import pdfencrypt

        encrypt = pdfencrypt.StandardEncryption("", ownerPassword="owner", canPrint=0)
    page = canvas.Canvas(out, encrypt=encrypt)
    page.setFont("Helvetica", 12)
    page.drawString(72, 740, "A report in English only.")
    page.showPage()
    page.save()
    return out.getvalue()


SRT = """1
00:00:01,000 --> 00:00:02,000
{\\an8}<i>你好，</i>

2
00:00:02,500 --> 00:00:04,000
我是张三。

3
00:00:20,000 --> 00:00:22,000
<font color="#ff0000">再见。</font>
"""

BILINGUAL_SRT = """1
00:00:01,000 --> 00:00:02,000
你好。
Hello.

2
00:00:03,000 --> 00:00:04,000
我是张三。
I am Zhang San.
"""

VTT = """WEBVTT

NOTE a comment that is not a cue

00:00:01.000 --> 00:00:02.500 align:start
<v 张三><i>你好</i>，我是<c.yellow>张三</c>。

intro-2
00:00:03.000 --> 00:00:04.000
<00:00:03.500>再见。
"""

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>央行宣布降息 - 新闻网</title></head><body>
<nav><a href="/">首页</a> <a href="/finance">财经</a> <a href="/tech">科技</a></nav>
<div class="ad">广告：买房请找我们，首付只要一成！</div>
<article>
<h1>央行宣布降息</h1>
<p>中国人民银行周一宣布，一年期贷款市场报价利率下调十个基点，这是今年以来的第二次降息。</p>
<p>此前市场普遍预期央行会在本月调整利率，多家机构的分析师都作出了类似判断。</p>
<h2>市场反应</h2>
<p>消息公布后，沪深股市小幅上涨，银行板块领涨。分析人士认为，货币政策将继续保持宽松。</p>
<p>业内人士表示，降息有助于降低实体经济的融资成本，支持经济稳定增长。</p>
<script>document.write("不应出现的脚本文字")</script>
</article>
<section class="comments"><h3>网友评论</h3><p>网友甲：太好了！</p></section>
<footer>版权所有 © 2026 新闻网</footer>
</body></html>
"""


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def raw_epub(chapter: bytes, *, opf_extra: str = "") -> bytes:
    """An EPUB written by hand, byte for byte: one chapter file as given (ebooklib always
    adds an XML declaration; many books have none)."""
    container = (
        '<?xml version="1.0"?><container version="1.0" '
        'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
        '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
        "</rootfiles></container>"
    )
    opf = (
        '<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" '
        'version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<dc:identifier id="id">raw</dc:identifier><dc:title>手写的书</dc:title>'
        "<dc:language>zh</dc:language></metadata><manifest>"
        '<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>'
        f'{opf_extra}</manifest><spine><itemref idref="c1"/></spine></package>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", container)
        archive.writestr("OEBPS/content.opf", opf)
        archive.writestr("OEBPS/c1.xhtml", chapter, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def with_compression_method(data: bytes, member: str, method: int) -> bytes:
    """A zip whose central directory claims `method` for `member` (99: one zipfile
    cannot read)."""
    name = member.encode()
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + length] == name:
            return data[: at + 10] + method.to_bytes(2, "little") + data[at + 12 :]
        at = data.find(b"PK\x01\x02", at + 4)
    raise ValueError(member)
