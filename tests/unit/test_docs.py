"""The documentation's shape: a short README, and no dead relative link.

README.md is the front door and stays at most 250 lines; the studies live in
docs/. Every relative Markdown link and image (and HTML src/href) in
README.md, docs/, legacy_notes/ and examples/ must name a file or folder that
exists, and a `#anchor` must name a heading of its target (GitHub's slugs).
Standard library and pytest only: this file imports nothing of tf2gan's.
"""

from __future__ import annotations

import pathlib
import re
import urllib.parse

import pytest


def _checkout() -> pathlib.Path:
    """The folder holding README.md and setup.py, above this file wherever
    the suite's layout puts it."""
    here = pathlib.Path(__file__).resolve().parent
    for folder in (here, *here.parents):
        if (folder / "README.md").is_file() and (folder / "setup.py").is_file():
            return folder
    raise RuntimeError(f"no checkout (README.md beside setup.py) above {here}")


ROOT = _checkout()
README_MAX_LINES = 250


def markdown_files() -> list[pathlib.Path]:
    files = [ROOT / "README.md"]
    for folder in ("docs", "legacy_notes", "examples"):
        files += sorted((ROOT / folder).glob("**/*.md"))
    return [f for f in files if f.is_file()]


FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
# The target of an inline link or image: `](target)` or `](target "title")`.
INLINE = re.compile(r"\]\(\s*(<[^>\n]*>|[^)\s]+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
HTML = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
HTML_ANCHOR = re.compile(r"""<a\s+[^>]*\b(?:name|id)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def prose_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) outside fenced code blocks, code spans blanked."""
    lines, fenced = [], False
    for number, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append((number, CODE_SPAN.sub("code", line)))
    return lines


def links_in(text: str) -> list[tuple[int, str]]:
    """(line number, target) of every link, image, reference and HTML src/href."""
    found = []
    for number, line in prose_lines(text):
        for pattern in (INLINE, REFERENCE, HTML):
            for match in pattern.finditer(line):
                target = match.group(1).strip()
                if target.startswith("<") and target.endswith(">"):
                    target = target[1:-1]
                found.append((number, target))
    return found


def slug(heading: str) -> str:
    """GitHub's anchor for a heading's text."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # links: their text
    text = re.sub(r"<[^>]+>", "", text)  # HTML tags
    text = text.replace("`", "").strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)  # keeps letters, digits, _, -, spaces
    return text.replace(" ", "-")


def anchors(path: pathlib.Path) -> set[str]:
    seen: dict[str, int] = {}
    result = set()
    text = path.read_text(encoding="utf-8")
    fenced = False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        match = HEADING.match(line)
        if match:
            base = slug(match.group(2))
            count = seen.get(base, 0)
            seen[base] = count + 1
            result.add(base if count == 0 else f"{base}-{count}")
        result.update(HTML_ANCHOR.findall(line))
    return result


def is_external(target: str) -> bool:
    return re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) is not None  # http:, https:, mailto:


def shown(path: pathlib.Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def broken_links(path: pathlib.Path) -> list[str]:
    """What is wrong with each relative link of a Markdown file, one line each."""
    problems = []
    for number, target in links_in(path.read_text(encoding="utf-8")):
        if is_external(target):
            continue
        file_part, _, anchor = target.partition("#")
        file_part = urllib.parse.unquote(file_part)
        where = f"{shown(path)}:{number}: {target}"
        resolved = (path.parent / file_part).resolve() if file_part else path
        if not resolved.exists():
            problems.append(f"{where}: no such file {file_part}")
            continue
        if anchor:
            if resolved.is_dir() or resolved.suffix.lower() != ".md":
                problems.append(f"{where}: an anchor into a file that is not Markdown")
            elif urllib.parse.unquote(anchor).lower() not in anchors(resolved):
                problems.append(f"{where}: no heading #{anchor} in {shown(resolved)}")
    return problems


def test_readme_is_at_most_250_lines():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, (
        f"README.md has {len(lines)} lines; at most {README_MAX_LINES}: move studies to docs/")


@pytest.mark.parametrize("path", markdown_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_and_image_resolves(path):
    problems = broken_links(path)
    assert not problems, "broken links:\n" + "\n".join(problems)


def test_the_checks_see_links_anchors_and_code():
    """The parser itself: what it must catch and what it must leave alone."""
    assert slug("What tf2gan promises about a run directory") == (
        "what-tf2gan-promises-about-a-run-directory")
    assert slug("Fidelity: does each variant learn what its original learned?") == (
        "fidelity-does-each-variant-learn-what-its-original-learned")
    assert slug("The `tf2gan` command, 2.16+") == "the-tf2gan-command-216"
    line = ('See [a](a.md#x "t"), ![b](img/b.png), [![c](c.png)](d.md), '
            '<img src="e.gif" width="9">, `[not](code.md)` and [web](https://x.org).')
    targets = [t for _, t in links_in(line)]
    assert targets == ["a.md#x", "img/b.png", "c.png", "d.md", "https://x.org", "e.gif"]



def test_a_broken_link_or_anchor_is_caught(tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "there.png").write_bytes(b"")
    (tmp_path / "other.md").write_text("# A heading, with `code`\n\n## Twice\n\n## Twice\n")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n"
        "[fine](other.md#a-heading-with-code) [fine](other.md#twice-1) ![fine](img/there.png)\n"
        "[fine](#page) [fine](img/) [web](https://example.org/x.md#y) [mail](mailto:a@b.c)\n"
        "[gone](missing.md) ![gone](img/missing.png) <img src=\"img/gone.gif\">\n"
        "[bad anchor](other.md#no-such-heading) [bad anchor](#nowhere)\n"
        "```\n[in a code block](not-checked.md)\n```\n")
    problems = broken_links(page)
    assert [p.split(": ")[1] for p in problems] == [
        "missing.md", "img/missing.png", "img/gone.gif", "other.md#no-such-heading", "#nowhere"]
