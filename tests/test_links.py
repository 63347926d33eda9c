"""The link check (issue 19): ``check --links`` asks for every source address, politely, reports
what needs a look, keeps what it found in a file of its own, and the pages tell readers which
originals are gone. Every address asked for is on a web server of the test's own on 127.0.0.1
(:mod:`linkserver`); no test reaches another machine."""

from __future__ import annotations

import codecs
import datetime
import json
import os
import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, Project, parse_html, run_build
from linkserver import LinkServer, link_server
from terminal import run_on_a_terminal

from factcheck import linkstatus
from factcheck.errors import ContentErrors
from factcheck.linkcheck import MAX_REDIRECTS, RETRY_DELAY, Settings, check_links
from factcheck.linkstatus import (
    MARKER,
    LinkCheck,
    read_link_checks,
    with_link_checks,
    write_link_checks,
)
from factcheck.load import load_content
from factcheck.model import Source

TODAY = datetime.date(2026, 11, 23)
PROXIES = {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}
"""What would send the check's requests through a proxy: no test must ask one."""
ENVIRONMENT = {
    name: value for name, value in os.environ.items() if name.lower() not in PROXIES
} | {
    "SOURCE_DATE_EPOCH": str(int(datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC).timestamp())),
}  # fmt: skip
MT = "sources/moscow-times-2025-05-29.md"
SVR_CLAIM_PAGE = "claims/svr-serbia-secret-ammunition-supplies/index.html"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[LinkServer]:
    for name in os.environ:
        if name.lower() in PROXIES:
            monkeypatch.delenv(name)
    with link_server() as running:
        yield running


def check(
    addresses: list[str], timeout: float = 5.0, parallel: int = 4
) -> tuple[dict[str, LinkCheck], list[float]]:
    """What the check finds of ``addresses``, and each wait it asked for (without waiting)."""
    waits: list[float] = []
    settings = Settings("factcheck-test", timeout=timeout, parallel=parallel, sleep=waits.append)
    return check_links(addresses, TODAY, settings), waits


# --- the check itself, in process -----------------------------------------------------------

# path: status, HTTP code, reason, where it led, how many requests the server had for it
FINDINGS = {
    "/live": ("live", 200, "", None, 0),  # asked for by others too
    "/gone": ("dead", 404, "404 Not Found", None, 4),  # asked again; twice by /moved-to-gone
    "/removed": ("dead", 410, "410 Gone", None, 2),
    "/gone-once": ("live", 200, "", None, 2),  # a page missing for a moment is not dead
    "/moved": ("moved", 200, "", "/live", 2),  # and by /like-a-doi
    # Moved to where its permanent redirects lead, not to where a temporary one after them does.
    "/moved-twice": ("moved", 200, "", "/temporary", 1),  # 308, then 302
    "/like-a-doi": ("redirected", 200, "", "/live", 1),  # 302, then 301: only redirected
    "/temporary": ("redirected", 200, "", "/also-live", 2),  # and by /moved-twice
    "/moved-to-gone": ("dead", 404, "404 Not Found", "/gone", 2),
    "/moved-to-a-space": ("moved", 200, "", "/a b", 1),  # asked for as /a%20b
    "/forbidden": ("unreachable", 403, "403 Forbidden", None, 1),  # not tried again
    "/error": ("unreachable", 500, "500 Internal Server Error", None, 2),  # tried again once
    "/error-once": ("live", 200, "", None, 2),
    "/busy": ("live", 200, "", None, 2),  # 429, Retry-After: 1
    "/busy-until-a-past-date": ("live", 200, "", None, 2),
    "/busy-oddly": ("live", 200, "", None, 2),  # Retry-After: ² is no number of seconds
    "/živo": ("live", 200, "", None, 0),  # asked for as /%C5%BEivo, as a browser does
}


def test_each_kind_of_address_is_found_for_what_it_is(server: LinkServer) -> None:
    found, waits = check([server.base + path for path in FINDINGS])
    for path, (status, code, reason, location, asked) in FINDINGS.items():
        result = found[server.base + path]
        assert (result.status, result.code, result.reason) == (status, code, reason), path
        assert result.location == (server.base + location if location else None), path
        assert result.checked == TODAY
        if asked:
            assert server.asked[path] == asked, path
    assert server.asked["/%C5%BEivo"] == 1
    # The waits: Retry-After's seconds, none for a date gone by, and the retry delay for the
    # rest: errors, pages gone and an odd Retry-After.
    assert sorted(waits) == sorted([1.0, 0.0] + [RETRY_DELAY] * 7)
    assert set(server.user_agents) == {"factcheck-test"}


def test_a_site_asking_to_be_left_alone_longer_than_the_check_waits_is_not_waited_for(
    server: LinkServer,
) -> None:
    found, waits = check([f"{server.base}/busy-for-an-hour"])
    result = found[f"{server.base}/busy-for-an-hour"]
    assert (result.status, result.code) == ("unreachable", 429)
    assert result.reason == "429 Too Many Requests; it asked to be left alone for 3600 s"
    assert waits == [] and server.asked["/busy-for-an-hour"] == 1


def test_redirects_in_a_loop_or_to_no_web_address_end_unreachable(server: LinkServer) -> None:
    found, _ = check(
        [f"{server.base}/{path}" for path in ("loop", "to-a-file", "to-a-bad-address")]
    )
    loop = found[f"{server.base}/loop"]
    assert loop.status == "unreachable"
    assert loop.reason == f"more than {MAX_REDIRECTS} redirects, the last to {server.base}/loop"
    assert server.asked["/loop"] == MAX_REDIRECTS + 1
    to_a_file = found[f"{server.base}/to-a-file"]
    assert (to_a_file.status, to_a_file.code) == ("unreachable", 302)
    assert to_a_file.reason.endswith("to file:///etc/passwd, which is no web address")
    malformed = found[f"{server.base}/to-a-bad-address"]
    assert (malformed.status, malformed.code, malformed.reason) == (
        "unreachable", 302, "302 Found, to http://[::1/x, which is no web address",
    )  # fmt: skip


def test_an_address_that_does_not_answer_in_time_is_tried_once_more(server: LinkServer) -> None:
    found, waits = check([f"{server.base}/slow", f"{server.base}/slow-once"], timeout=2.0)
    slow = found[f"{server.base}/slow"]
    assert (slow.status, slow.code, slow.reason) == ("unreachable", None, "no answer within 2 s")
    assert found[f"{server.base}/slow-once"].status == "live"
    assert server.asked["/slow"] == 2 and server.asked["/slow-once"] == 2
    assert waits == [RETRY_DELAY, RETRY_DELAY]


def test_an_answer_that_never_ends_its_head_is_given_up_on_in_time(server: LinkServer) -> None:
    # A byte at a time, each sooner than the time-out: only a limit on the whole head ends it.
    found, _ = check([f"{server.base}/trickle"], timeout=1.0)
    trickle = found[f"{server.base}/trickle"]
    assert (trickle.status, trickle.reason) == ("unreachable", "no answer within 1 s")
    assert server.asked["/trickle"] == 2


def test_an_address_nothing_listens_at_is_unreachable() -> None:
    address = f"http://127.0.0.1:{closed_port()}/page"
    found, _ = check([address])
    assert (found[address].status, found[address].reason) == (
        "unreachable", "the connection was refused",
    )  # fmt: skip


@pytest.mark.parametrize("parallel", [1, 4])
def test_one_address_of_a_site_is_asked_at_a_time_and_few_sites_at_once(
    server: LinkServer, parallel: int
) -> None:
    # Two sites (the server by its number and by its name), two addresses each; every request
    # is held until the test lets it through, so the most asked at once is plain to see.
    port = server.server_address[1]
    addresses = [
        f"http://{host}:{port}/held-{n}" for host in ("127.0.0.1", "localhost") for n in (1, 2)
    ]
    results: list[dict[str, LinkCheck]] = []
    checking = threading.Thread(
        target=lambda: results.append(check(addresses, parallel=parallel)[0])
    )
    checking.start()
    at_once = min(parallel, 2)  # a site is asked for one address at a time
    for answered in range(len(addresses)):
        # As many asked as were let through, and as many more as may be asked at once: a check
        # that asked more at once would have asked more than that, and this would not hold.
        asked = min(len(addresses), answered + at_once)
        server.wait_until(lambda server, asked=asked: sum(server.asked.values()) == asked)
        server.permits.release()
    checking.join(timeout=60)
    assert [found.status for found in results[0].values()] == ["live"] * 4
    assert server.most_in_flight == at_once
    assert server.most_of_a_site == 1


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- the file the results are kept in --------------------------------------------------------


def test_the_results_file_reads_back_what_was_written(tmp_path: Path) -> None:
    path = tmp_path / "link-checks.yml"
    checks = {
        'http://example.org/a "quoted" \\ path': LinkCheck("dead", TODAY, 404, "404 Not Found"),
        "http://example.org/živo/страница": LinkCheck("live", TODAY, 200),
        "http://example.org/old": LinkCheck("moved", TODAY, 200, "", "http://example.org/a b\xa0"),
        "http://example.org/odd\x85\u2028": LinkCheck("unreachable", TODAY, None, "no answer\x00"),
        "http://example.org/" + "long-" * 220: LinkCheck(
            "live", TODAY, 200
        ),  # YAML keys end at 1,024
        "http://intranet/x": LinkCheck("redirected", TODAY, 200, "", "/relative"),
    }
    write_link_checks(path, checks)
    assert path.read_text(encoding="utf-8").startswith(MARKER)
    assert read_link_checks(path, tmp_path) == checks
    assert [entry.name for entry in tmp_path.iterdir()] == ["link-checks.yml"]  # nothing left
    # A file of its own that an editor saved with a byte-order mark is still its own.
    path.write_bytes(codecs.BOM_UTF8 + path.read_bytes())
    write_link_checks(path, {})
    assert read_link_checks(path, tmp_path) == {}


def test_results_too_many_for_a_build_to_read_are_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "link-checks.yml"
    write_link_checks(path, {})
    before = path.read_bytes()
    monkeypatch.setattr(linkstatus, "MAX_BYTES", len(before) + 100)
    with pytest.raises(ContentErrors) as refused:
        write_link_checks(
            path, {f"http://example.org/{n}": LinkCheck("live", TODAY, 200) for n in range(9)}
        )
    assert re.fullmatch(
        rf"{path}:1: would be [\d,]+ bytes, more than a build reads \({len(before) + 100:,}\); "
        "it was left as it was",
        str(refused.value.errors[0]),
    )
    assert path.read_bytes() == before
    assert [entry.name for entry in tmp_path.iterdir()] == ["link-checks.yml"]


def test_only_an_original_found_gone_changes_what_is_made_from_its_source() -> None:
    # A check finding every address as it was changes no page, whatever day it ran.
    sources = load_content(ROOT / "content").sources
    mt = sources["moscow-times-2025-05-29"]
    assert mt.url

    def checked(found: LinkCheck) -> Source:
        return with_link_checks(sources, {mt.url or "": found})[mt.id]

    later = TODAY + datetime.timedelta(days=7)
    for unchanged in (LinkCheck("live", TODAY, 200), LinkCheck("unreachable", later, 503, "503")):
        assert checked(unchanged) == mt
    gone = checked(LinkCheck("dead", TODAY, 404, "404 Not Found"))
    assert (gone.url_unavailable, gone.archive_first) == (TODAY, False)  # no archived copy
    assert gone.digest != mt.digest
    assert checked(LinkCheck("dead", later, 404, "404 Not Found")).digest != gone.digest


def test_a_file_the_check_did_not_write_is_neither_read_nor_written_over(tmp_path: Path) -> None:
    path = tmp_path / "link-checks.yml"
    path.write_text("https://example.org: fine\n", encoding="utf-8")
    with pytest.raises(ContentErrors) as refused:
        write_link_checks(path, {})
    assert str(refused.value.errors[0]).startswith(
        f"{path}:1: is not a file the link check wrote (its first line is not `{MARKER}`); the "
        "check writes its results only to a file of its own. Move this one away or rename it"
    )
    with pytest.raises(ContentErrors):
        read_link_checks(path, tmp_path)
    assert path.read_text(encoding="utf-8") == "https://example.org: fine\n"


def test_a_link_is_not_written_through(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.yml"
    target.write_text(f"{MARKER}\n", encoding="utf-8")
    (tmp_path / "link-checks.yml").symlink_to(target)
    with pytest.raises(ContentErrors) as refused:
        write_link_checks(tmp_path / "link-checks.yml", {})
    assert "is a link; the check writes its results only to a file of its own" in str(
        refused.value.errors[0]
    )
    assert target.read_text(encoding="utf-8") == f"{MARKER}\n"


# --- the command, as an editor runs it ------------------------------------------------------


def point_sources_at(project: Project, server: LinkServer) -> dict[str, str]:
    """Give every source an address on ``server``: the Moscow Times' original is gone and its
    archived copy is live; the others moved, redirect and refuse. Returns each source's address."""
    addresses = {
        "moscow-times-2025-05-29": "/gone",
        "ft-serbian-ammunition-2024": "/moved",
        "svr-statement-2025-05": "/temporary",
        "unattributed-report-2025-05-29": "/forbidden",
    }
    for source_id, path in addresses.items():
        file = project.content / "sources" / f"{source_id}.md"
        text = re.sub(r"^url: .*$", f'url: "{server.base}{path}"', file.read_text(), flags=re.M)
        if source_id == "moscow-times-2025-05-29":
            text = text.replace(
                "\nlanguage: en\n", f'\narchive_url: "{server.base}/live"\nlanguage: en\n'
            )
        file.write_text(text, encoding="utf-8")
    # No test reaches the internet: every address a source gives is on the test's server.
    given = re.findall(r"^(?:url|archive_url): (.*)$", read_all(project.content / "sources"), re.M)
    assert len(given) == 5 and all(value.startswith(f'"{server.base}/') for value in given)
    return {source_id: server.base + path for source_id, path in addresses.items()}


def read_all(folder: Path) -> str:
    return "".join(path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.md")))


def line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(start))


def links_check(project: Project, *extra: str) -> tuple[int, str, str]:
    done = run_build("check", "--links", *extra, cwd=project.root, environment=ENVIRONMENT)
    return done.returncode, done.stdout, done.stderr


def test_the_check_reports_what_needs_a_look_keeps_it_and_the_next_build_tells_readers(
    project: Project, server: LinkServer
) -> None:
    addresses = point_sources_at(project, server)
    cache = project.root / "cache"
    assert project.build("--cache", cache).returncode == 0  # before the check: nothing said

    status, out, err = links_check(project)
    assert status == 0, err
    rows = out.splitlines()
    header = next(number for number, row in enumerate(rows) if row.startswith("where "))
    mt = Path("content") / MT
    dead = rows[header + 1].split()
    assert dead == [
        f"{mt}:{line_of(project.content / MT, 'url:')}", "url", "dead", "404", "Not", "Found",
        addresses["moscow-times-2025-05-29"],
    ]  # fmt: skip
    assert rows[header + 2].split()[1:4] == ["url", "unreachable", "403"]
    moved = rows.index(next(row for row in rows if " moved " in row))
    assert rows[moved + 1].strip() == f"→ {server.base}/live"
    assert rows[-1] == (
        "Checked 5 addresses of 4 sources: 1 dead, 1 unreachable, 1 moved, 1 redirected, 1 live. "
        "Kept in content/link-checks.yml: the next build shows readers which originals are "
        "unavailable."
    )
    assert any(row.startswith("Dead: pages now say the original is unavailable") for row in rows)
    kept = project.content / "link-checks.yml"
    assert read_link_checks(kept, project.content)[addresses["moscow-times-2025-05-29"]] == (
        LinkCheck("dead", TODAY, 404, "404 Not Found")
    )

    # The next build, from its cache, remakes what cites the source.
    assert project.build("--cache", cache).returncode == 0
    reference = next(
        item for item in parse_html(project.out / SVR_CLAIM_PAGE).select(".references li")
        if addresses["moscow-times-2025-05-29"] in str(item)
    )  # fmt: skip
    links = reference.select("a[rel=external]")
    assert [(link.text, link["href"]) for link in links] == [
        ("Archived copy", f"{server.base}/live"),
        ("Original", addresses["moscow-times-2025-05-29"]),
    ]
    assert "Original (unavailable as of 23 November 2026)." in " ".join(
        reference.get_text().split()
    )
    source_page = parse_html(project.out / "sources/moscow-times-2025-05-29/index.html")
    terms = [term.text for term in source_page.select("dl.facts dt")]
    assert terms.index("Archived copy") < terms.index("Original address")
    original = source_page.find("dt", string="Original address").find_next("dd")
    assert " ".join(original.get_text().split()).endswith("(unavailable as of 23 November 2026)")
    data = json.loads((project.out / "data/claims.json").read_text(encoding="utf-8"))
    cited = {source["id"]: source for claim in data["claims"] for source in claim["sources"]}
    assert cited["moscow-times-2025-05-29"]["url_unavailable"] == "2026-11-23"
    assert cited["moscow-times-2025-05-29"]["archive_url_unavailable"] is None
    assert cited["ft-serbian-ammunition-2024"]["url_unavailable"] is None  # moved, not gone
    # An address that moved, or one that did not answer, changes nothing readers see.
    ft_page = parse_html(project.out / "sources/ft-serbian-ammunition-2024/index.html")
    assert "unavailable" not in ft_page.select_one("dl.facts").get_text()


def test_json_on_stdout_and_strict_failing_on_addresses_to_look_at(
    project: Project, server: LinkServer
) -> None:
    addresses = point_sources_at(project, server)
    status, out, err = links_check(project, "--json", "--strict")
    assert status == 1
    report = json.loads(out)  # stdout holds the JSON alone
    assert report["checked"] == "2026-11-23"
    assert report["counts"] == {"dead": 1, "unreachable": 1, "moved": 1, "redirected": 1, "live": 1}
    dead = next(entry for entry in report["addresses"] if entry["status"] == "dead")
    assert dead["address"] == addresses["moscow-times-2025-05-29"]
    assert dead["code"] == 404
    assert dead["sources"] == [{
        "id": "moscow-times-2025-05-29", "field": "url", "path": str(Path("content") / MT),
        "line": line_of(project.content / MT, "url:"),
    }]  # fmt: skip
    assert err.splitlines()[-1] == (
        "Check failed: 0 warnings and 3 addresses to look at, which --strict counts as errors."
    )


def test_a_results_file_not_the_checks_own_is_refused_before_anything_is_asked(
    project: Project, server: LinkServer
) -> None:
    point_sources_at(project, server)
    kept = project.content / "link-checks.yml"
    kept.write_text("# our own notes on links\n", encoding="utf-8")
    status, _, err = links_check(project)
    assert status == 1
    assert err.startswith("content/link-checks.yml:1: is not a file the link check wrote")
    assert kept.read_text(encoding="utf-8") == "# our own notes on links\n"
    assert not server.asked
    build = project.build()
    assert build.returncode == 1
    assert build.stderr.startswith(f"{kept}:1: is not a file the link check wrote")


def test_a_results_file_edited_by_hand_is_an_error_at_its_line(
    project: Project, server: LinkServer
) -> None:
    addresses = point_sources_at(project, server)
    assert links_check(project)[0] == 0
    kept = project.content / "link-checks.yml"
    kept.write_text(kept.read_text(encoding="utf-8").replace("status: dead", "status: gone"))
    build = project.build()
    assert build.returncode == 1
    line = line_of(kept, "  status: gone")
    assert build.stderr.splitlines()[0] == (
        f"{kept}:{line}: unknown status `gone`; use one of: dead, live, moved, redirected, "
        "unreachable; run `python build.py check --links` to write the file anew"
    )
    # As the message says: the check does not depend on the file it writes anew.
    assert links_check(project)[0] == 0
    assert "status: gone" not in kept.read_text(encoding="utf-8")
    rewritten = read_link_checks(kept, project.content)
    assert rewritten[addresses["moscow-times-2025-05-29"]].status == "dead"
    assert project.build().returncode == 0


def test_when_no_address_answers_nothing_is_kept(project: Project) -> None:
    port = closed_port()
    for file in (project.content / "sources").glob("*.md"):
        text = re.sub(
            r"^url: .*$",
            f'url: "http://127.0.0.1:{port}/{file.stem}"',
            file.read_text(),
            flags=re.M,
        )
        file.write_text(text, encoding="utf-8")
    status, _, err = links_check(project, "--timeout", "5")
    assert status == 1
    first = f"http://127.0.0.1:{port}/ft-serbian-ammunition-2024"
    assert err.splitlines()[-1] == (
        f"No answer from any of the 4 addresses ({first}: the connection was refused): is this "
        "machine online? content/link-checks.yml was left as it was."
    )
    assert not (project.content / "link-checks.yml").exists()


def test_the_check_shows_its_progress_on_a_terminal(project: Project, server: LinkServer) -> None:
    point_sources_at(project, server)
    status, shown = run_on_a_terminal(
        "check", "--links", "--content", project.content, "--templates", project.templates,
        environment=ENVIRONMENT,
    )  # fmt: skip
    assert status == 0
    assert any(line == "Checking links: 5 of 5 addresses" for line in shown)
    assert shown[-1].startswith("Checked 5 addresses of 4 sources: ")


def test_json_and_timeout_need_links(project: Project) -> None:
    done = run_build("check", "--json", cwd=project.root)
    assert done.returncode == 2
    assert done.stderr == "error: --json and --timeout are for the link check: add --links\n"
