"""Quotations in every style are found and checked; alterations that change what a source says
(an omission that leaves out a negation, an insertion that adds or removes one, an empty
insertion) are refused, with the reason; the same alterations that keep the meaning still pass.

Each case appends a quotation of The Moscow Times' stored text to a real claim and renders the
real content in-process.
"""

from __future__ import annotations

import pytest
from conftest import Project
from test_quotes import add_paragraph

from factcheck.errors import ContentErrors
from factcheck.pipeline import render
from factcheck.write import DiscardedSite, MemorySite

MT = "moscow-times-2025-05-29"
SANCTIONS = "it has not joined Western sanctions against Russia"  # para. 13 of the stored text
UR = "unattributed-report-2025-05-29"

REFUSED = {
    "an omission dropping not": (f'"it has ... joined Western sanctions" [@{MT}]', "leaves out “not”"),
    "an omission dropping n't": (f'"I ... want to prevent companies" [@{UR}]', "leaves out “don't”"),
    "an omission dropping not, with …": (f'"it has … joined Western sanctions against Russia" [@{MT}]', "leaves out “not”"),
    "an omission dropping not, bracketed": (f'"it has [...] joined Western sanctions" [@{MT}]', "leaves out “not”"),
    "an insertion for not": (f'"it has [indeed] joined Western sanctions" [@{MT}]', "removes a negation"),
    "an insertion adding never": (f'"it has [never] not joined Western sanctions" [@{MT}]', "adds a negation"),
    "an insertion adding no, at the start": (f'"[No,] Serbia maintains close ties with Moscow" [@{MT}]', "adds a negation"),
    "an insertion adding not, at the end": (f'"Serbia maintains close ties with Moscow [not]" [@{MT}]', "adds a negation"),
    "an empty insertion": (f'"it has not joined [] sanctions" [@{MT}]', "an empty insertion `[]`"),
    "a blank insertion": (f'"it has not joined [ ] sanctions" [@{MT}]', "an empty insertion `[]`"),
    "a Serbian negation added": (f'"Serbia maintains close ties [nije] with Moscow" [@{MT}]', "adds a negation"),
    "a Russian negation added": (f'"Serbia maintains close ties [не] with Moscow" [@{MT}]', "adds a negation"),
}  # fmt: skip

KEPT = {
    "the words as they are": f'"{SANCTIONS}" [@{MT}]',
    "an omission keeping the negation": f'"it has not joined ... sanctions against Russia" [@{MT}]',
    "an insertion for a name, negation kept": f'"[Serbia] has not joined Western sanctions" [@{MT}]',
    "an insertion standing for words without a negation": f'"[Serbia] maintains close ties with Moscow" [@{MT}]',
    "an insertion keeping the negation it replaces": f'"Although it is a candidate for EU membership, it [has not] joined Western sanctions" [@{MT}]',
}  # fmt: skip


def render_errors(project: Project) -> list[str]:
    try:
        render(project.content, project.templates, DiscardedSite(), parallel=False)
    except ContentErrors as failure:
        return [str(error) for error in failure.errors]
    return []


@pytest.mark.parametrize("case", REFUSED.values(), ids=REFUSED.keys())
def test_an_alteration_that_changes_the_meaning_is_refused(
    project: Project, case: tuple[str, str]
) -> None:
    quotation, reason = case
    path, line = add_paragraph(project, f"The report says {quotation}.")
    errors = render_errors(project)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{path}:{line}: quote of ")
    assert " altered: " in errors[0] and reason in errors[0], errors


@pytest.mark.parametrize("quotation", KEPT.values(), ids=KEPT.keys())
def test_an_alteration_that_keeps_the_meaning_passes(project: Project, quotation: str) -> None:
    add_paragraph(project, f"The report says {quotation}.")
    assert render_errors(project) == []


STYLES = {
    "straight": ('"', '"'), "curly": ("\u201c", "\u201d"), "mixed": ('"', "\u201d"),
    "low-9": ("\u201e", "\u201c"), "guillemets": ("\u00ab", "\u00bb"),
    "&quot;": ("&quot;", "&quot;"), "&#8220;": ("&#8220;", "&#8221;"), "&ldquo;": ("&ldquo;", "&rdquo;"),
    "single": ("'", "'"), "curly single": ("\u2018", "\u2019"),
}  # fmt: skip


@pytest.mark.parametrize("marks", STYLES.values(), ids=STYLES.keys())
def test_a_misquotation_in_any_quotation_marks_is_caught(
    project: Project, marks: tuple[str, str]
) -> None:
    opening, closing = marks
    path, line = add_paragraph(
        project,
        f"The agency wrote {opening}These cargoes can hardly be justified{closing} [@{MT}].",
    )
    errors = render_errors(project)
    assert len(errors) == 1 and errors[0].startswith(f"{path}:{line}: quote not found in {MT}")


@pytest.mark.parametrize("marks", STYLES.values(), ids=STYLES.keys())
def test_a_true_quotation_in_any_quotation_marks_is_checked(
    project: Project, marks: tuple[str, str]
) -> None:
    opening, closing = marks
    add_paragraph(
        project,
        f"The agency wrote {opening}These shipments can hardly be justified{closing} [@{MT}].",
    )
    site = MemorySite()
    render(project.content, project.templates, site, parallel=False)
    page = site.files["claims/svr-serbia-secret-ammunition-supplies/index.html"].decode()
    last = page.rsplit("These shipments can hardly be justified", 1)[1]
    assert last.split("</p>", 1)[0].count('class="quote-mark verified"') == 1
