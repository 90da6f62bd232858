"""Template source checks: what Django would print instead of hiding."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "investdesk"


def test_no_template_has_a_comment_tag_spanning_lines():
    # Django's {# … #} ends at the line's end: a comment over two lines is printed on the page
    # (the portal's case card once showed its English comment to investors). {% comment %} spans lines.
    offenders = []
    for path in ROOT.rglob("*.html"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            rest = line
            while "{#" in rest:
                rest = rest[rest.index("{#") + 2 :]
                if "#}" not in rest:
                    offenders.append(f"{path.relative_to(ROOT)}:{number}")
                    break
                rest = rest[rest.index("#}") + 2 :]
    assert offenders == []
