"""Names for pages and files from text in any script; two names never share a page."""

from __future__ import annotations

import pytest
from conftest import Project, run_build

from factcheck.slugs import MAX_LENGTH, slug_for

SVR_CLAIM = "claims/svr-serbia-secret-ammunition-supplies.md"
FT_CLAIM = "claims/ft-800-million-euros-serbian-ammunition.md"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Александар Вучић", "aleksandar-vucic"),  # Serbian Cyrillic, by Serbian rules
        ("Служба спољне обавештајне службе", "sluzba-spoljne-obavestajne-sluzbe"),
        ("Ђорђе Џајић, Љубица Њ", "djordje-dzajic-ljubica-nj"),  # Ђ is Dj, Џ is Dž
        ("Aleksandar Vučić", "aleksandar-vucic"),  # Latin with diacritics
        ("Служба внешней разведки", "sluzba-vnesnei-razvedki"),  # Russian letters too
        ('Vučić says "no"', "vucic-says-no"),
        ("Russia's SVR", "russia-s-svr"),  # as before: published addresses stay
        ("?!", ""),
    ],
)
def test_every_script_gives_a_slug(text: str, slug: str) -> None:
    assert slug_for(text) == slug


def _set_claimant(project: Project, claim: str, claimant: str) -> None:
    path = project.content / claim
    text = path.read_text(encoding="utf-8")
    start = text.index("\nclaimant: ") + 1
    end = text.index("\n", start)
    path.write_text(text[:start] + f'claimant: "{claimant}"' + text[end:], encoding="utf-8")


def test_claimants_in_cyrillic_get_pages_of_their_own(project: Project) -> None:
    _set_claimant(project, SVR_CLAIM, "Служба спољне обавештајне службе")
    _set_claimant(project, FT_CLAIM, "Вучићев кабинет")
    result = project.build()
    assert result.returncode == 0, result.stderr
    for slug, name in [
        ("sluzba-spoljne-obavestajne-sluzbe", "Служба спољне обавештајне службе"),
        ("vucicev-kabinet", "Вучићев кабинет"),
    ]:
        page = project.out / "claimants" / slug / "index.html"
        assert name in page.read_text(encoding="utf-8")
    assert not (project.out / "claimants" / "unnamed").exists()


def test_two_names_for_one_page_are_an_error_naming_both_files(project: Project) -> None:
    _set_claimant(project, SVR_CLAIM, "Milan Vučković")
    _set_claimant(project, FT_CLAIM, "Milan Vuckovic")
    result = project.build()
    assert result.returncode == 1
    line = next(
        n
        for n, text in enumerate((project.content / FT_CLAIM).read_text().splitlines(), 1)
        if text.startswith("claimant:")
    )
    assert (
        f"{project.content / FT_CLAIM}:{line}: “Milan Vuckovic” would share the page "
        f"claimants/milan-vuckovic/ with “Milan Vučković” in {project.content / SVR_CLAIM}"
    ) in result.stderr


def test_new_claim_takes_a_cyrillic_title(project: Project) -> None:
    title = "Вучић: извоз је легалан"
    result = run_build("new", "claim", title, cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert (project.content / "claims" / "vucic-izvoz-je-legalan.md").is_file()


def test_a_very_long_name_gets_a_page_cut_at_a_word(project: Project) -> None:
    """A name of thousands of letters made a folder name the system refused, and the build
    stopped with no line to fix; two such names cut alike are the error above."""
    long_name = "Ministry of " + "very " * 600 + "long names"
    assert len(slug_for(long_name)) <= MAX_LENGTH
    assert slug_for(long_name) == "ministry-of" + "-very" * 13  # 76 letters: cut at a word
    _set_claimant(project, SVR_CLAIM, long_name)
    result = project.build()
    assert result.returncode == 0, result.stderr
    page = project.out / "claimants" / slug_for(long_name) / "index.html"
    assert long_name in page.read_text(encoding="utf-8")
    _set_claimant(project, FT_CLAIM, long_name.replace("long names", "other names"))
    result = project.build()
    assert result.returncode == 1
    assert "would share the page" in result.stderr and "Traceback" not in result.stderr
