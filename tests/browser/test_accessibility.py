"""Every page of the demo, signed out and in each role, passes axe-core's WCAG 2.2 AA rules."""

import csv
import html
import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from consult.domain import twinning
from consult.services import demo
from tests.browser.conftest import assert_accessible, axe_violations, sign_in

pytestmark = pytest.mark.browser

SIGNED_OUT = "signed-out"
DESKTOP = {"width": 1280, "height": 720}  # Playwright's default viewport


def demo_slugs() -> list[str]:
    with open(demo.DATA / "coventry-links.csv", newline="", encoding="utf-8") as handle:
        return [twinning.slugify(row["partner"]) for row in csv.DictReader(handle)]


@dataclass(frozen=True)
class Visit:
    """One page as one kind of visitor sees it. {resident_id} is filled in from the demo."""

    role: str
    path: str
    status: int = 200
    submit_empty: bool = False

    def __str__(self) -> str:
        return f"{self.role} {self.path}" + (" submitted empty" if self.submit_empty else "")


OFFICER_FORMS = ("/officer/links/new", "/officer/links/volgograd/edit",
                 "/officer/links/volgograd/events/new", "/officer/links/volgograd/status",
                 "/officer/consultations/new", "/officer/consultations/1/extend",
                 "/officer/consultations/1/close", "/officer/consultations/1/withdraw",
                 "/officer/consultations/1/notes/new",
                 "/officer/links/volgograd/decisions/new",
                 "/officer/consultations/2/decisions/new",
                 "/officer/consultations/2/response/new",
                 "/officer/consultations/1/invitations",
                 "/officer/consultations/2/themes")
# The demo's consultations: 1 is open (Volgograd), 2 is closed with results (Kiel).
CONSULTATION_PAGES = ("/consultations", "/consultations?status=open",
                      "/consultations?status=closed", "/consultations/1",
                      "/consultations/1/results", "/consultations/2", "/consultations/2/results",
                      "/consultations/2/results?option=4")
OFFICER_PAGES = ("/officer/consultations", "/officer/consultations/1",
                 "/officer/consultations/2", "/officer/consultations/1/documents",
                 "/officer/moderation", "/officer/moderation/history",
                 "/officer/consultations/1/review", "/officer/consultations/2/review",
                 "/officer/consultations/2/invitations",
                 # Issue 17: analysing the reasons of the open (1) and closed (2) consultations.
                 "/officer/consultations/1/analysis", "/officer/consultations/2/analysis",
                 "/officer/consultations/2/analysis?show=unread&q=link")

# Decisions: 1 is the demo's Volgograd suspension of 2022, taken without consultation.
DECISION_PAGES = ("/decisions", "/decisions?consulted=no", "/decisions/1",
                  "/decisions?link=no-such-link&year=20x4")

# The audit log, and receipt codes: 2 (Kiel) is closed so they are listed; 1 is still open.
AUDIT_PAGES = ("/audit", "/audit?page=2", "/audit/entries/1", "/consultations/2/receipts",
               "/consultations/1/receipts", "/consultations/2/receipts?code=not-a-code",
               "/audit?action=nonsense&subject=%25&from-day=31&from-month=2&from-year=2026")

PAGES = [
    *(Visit(SIGNED_OUT, path) for path in (
        "/", "/links", "/links?status=suspended", "/links?status=ended",
        "/links/volgograd?order=newest", "/about", "/open-data", "/open-data/api",
        "/sign-in", "/register", "/forgot-password", "/register/check-your-email",
        "/forgot-password/sent")),
    *(Visit(SIGNED_OUT, f"/links/{slug}") for slug in demo_slugs()),
    *(Visit(SIGNED_OUT, path) for path in CONSULTATION_PAGES),
    *(Visit(SIGNED_OUT, path) for path in AUDIT_PAGES),
    *(Visit(SIGNED_OUT, path) for path in DECISION_PAGES),
    Visit(SIGNED_OUT, "/decisions/999", status=404),
    Visit(SIGNED_OUT, "/consultations/999", status=404),
    Visit(SIGNED_OUT, "/links/no-such-place", status=404),
    Visit(SIGNED_OUT, "/no-such-page", status=404),
    *(Visit(SIGNED_OUT, path, submit_empty=True)
      for path in ("/sign-in", "/register", "/forgot-password")),
    Visit("resident", "/"),
    Visit("resident", "/account"),
    # Notifications (issue 14): following, and the settings page.
    *(Visit(SIGNED_OUT, path) for path in ("/links/volgograd/follow", "/consultations/follow",
                                           "/follow/check-your-email")),
    Visit(SIGNED_OUT, "/unsubscribe/not-a-real-token", status=404),
    *(Visit(SIGNED_OUT, path, submit_empty=True)
      for path in ("/links/volgograd/follow", "/consultations/follow")),
    Visit("resident", "/links/volgograd/follow"),
    Visit("resident", "/account/notifications"),
    Visit("officer", "/account/notifications"),
    Visit(SIGNED_OUT, "/privacy"),
    Visit(SIGNED_OUT, "/accessibility"),
    Visit("resident", "/account/your-data"),
    Visit("resident", "/account/delete"),
    Visit("resident", "/account/delete", submit_empty=True),
    Visit("officer", "/account/delete"),
    Visit("resident", "/consultations/1"),
    Visit("resident", "/consultations/2/results"),
    Visit("resident", "/officer/moderation", status=403),
    Visit("resident", "/officer/", status=403),
    Visit("auditor", "/account"),
    Visit("auditor", "/links/volgograd"),
    Visit("auditor", "/audit/staff-actions"),
    Visit("officer", "/account"),
    Visit("officer", "/officer/"),
    Visit("officer", "/links/volgograd"),
    *(Visit("officer", path) for path in OFFICER_FORMS),
    *(Visit("officer", path) for path in OFFICER_PAGES),
    *(Visit("officer", path, submit_empty=True) for path in OFFICER_FORMS),
    Visit("admin", "/account"),
    Visit("admin", "/officer/"),
    Visit("admin", "/links/volgograd"),
    Visit("admin", "/admin/users"),
    Visit("admin", "/admin/users/{resident_id}/role"),
    # Issue 16: what follows a decision (1, the Volgograd suspension, is overdue since 2022).
    Visit("officer", "/decisions/1"),
    Visit("officer", "/officer/decisions/1"),
    Visit("officer", "/officer/decisions/1/review"),
    Visit("admin", "/officer/decisions/1"),
    Visit("resident", "/officer/decisions/1", status=403),
    # Accounts and sessions: change password, "Confirm it's you", two-factor sign-in.
    Visit(SIGNED_OUT, "/sign-in/code"),
    Visit("resident", "/account/password"),
    Visit("resident", "/account/password", submit_empty=True),
    Visit("officer", "/confirm-its-you"),
    Visit("officer", "/confirm-its-you", submit_empty=True),
    # Requests for a consultation (issue 16): 1 published and signed, 2 waiting for moderation,
    # 3 rejected, 4 refused (tests/browser/conftest.py).
    *(Visit(SIGNED_OUT, path) for path in (
        "/requests", "/requests?show=open", "/requests?show=answered", "/requests?show=rejected",
        "/requests/1", "/requests/3", "/requests/4")),
    Visit(SIGNED_OUT, "/requests/2", status=404),
    Visit("resident", "/requests/1"),
    Visit("resident", "/requests/new"),
    Visit("resident", "/requests/new", submit_empty=True),
    Visit("resident", "/officer/requests", status=403),
    *(Visit("officer", path) for path in ("/officer/requests", "/officer/requests/1",
                                          "/officer/requests/2", "/requests/2")),
    Visit("admin", "/officer/requests/4"),
    Visit("officer", "/account/two-factor"),
    Visit("officer", "/account/two-factor/set-up"),
    Visit("officer", "/account/two-factor/set-up", submit_empty=True),
]


@pytest.fixture(scope="module")
def page_as(browser, live_server):
    """One page per kind of visitor for the whole module; each role signs in once, by the form."""
    opened = {}

    def _page(role: str):
        if role not in opened:
            context = browser.new_context(base_url=live_server.url)
            opened[role] = context.new_page()
            if role != SIGNED_OUT:
                sign_in(opened[role], live_server.accounts[role].email)
        return opened[role]

    yield _page
    for page in opened.values():
        page.context.close()


def real_path(path: str, live_server) -> str:
    return path.format(resident_id=live_server.accounts["resident"].id)


def submit_empty(page) -> None:
    """Clear every field the person could type in, then press the form's submit button."""
    form = page.locator("main form[method=post]")
    for field in form.locator("textarea, input:not([type=hidden]):not([type=radio])").all():
        field.fill("")
    form.locator("[type=submit]").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-message").first).to_be_visible()


OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  return Array.from(document.querySelectorAll("body *"))
    .filter(element => !element.closest("table"))
    .filter(element => element.getBoundingClientRect().right > width + 1)
    .map(element => element.outerHTML.slice(0, 160));
}"""


def wider_than_320_pixels(page) -> list[str]:
    """WCAG 1.4.10 Reflow, which axe cannot see: only data tables may scroll sideways."""
    page.set_viewport_size({"width": 320, "height": 640})
    try:
        return page.evaluate(OVERFLOWING)
    finally:
        page.set_viewport_size(DESKTOP)


def furniture_problems(page) -> list[str]:
    problems = []
    if (headings := page.locator("h1").count()) != 1:
        problems.append(f"{headings} <h1> elements instead of one")
    if not page.title().strip():
        problems.append("an empty <title>")
    if page.locator("body a[href]").first.get_attribute("href") != "#main-content":
        problems.append("the first link is not a skip link to #main-content")
    if page.locator("main").count() != 1 or page.locator("main#main-content").count() != 1:
        problems.append("not exactly one <main> landmark with the id main-content")
    return problems


# Besides axe: one <h1>, a title, a skip link to #main-content as the first link, one <main>, and
# reflow at 320 CSS pixels. Forms are checked again after being submitted empty, errors showing.
@pytest.mark.parametrize("visit", PAGES, ids=str)
def test_page_meets_wcag_2_2_aa_and_has_one_h1_a_title_a_skip_link_and_main(
        visit, page_as, live_server):
    page = page_as(visit.role)
    response = page.goto(real_path(visit.path, live_server))
    assert response.status == visit.status
    if visit.submit_empty:
        submit_empty(page)
    assert furniture_problems(page) == [], f"{visit}"
    assert_accessible(page)
    assert wider_than_320_pixels(page) == [], f"{visit}: these push the page sideways"


TITLE = re.compile(r"<title>(.*?)</title>", re.S)
# Another view of the same page keeps that page's title.
SAME_PAGE = {"/links/volgograd?order=newest": "/links/volgograd",
             "/officer/consultations/2/analysis?show=unread&q=link":
             "/officer/consultations/2/analysis",
             AUDIT_PAGES[-1]: "/audit", DECISION_PAGES[-1]: "/decisions"}


def page_key(path: str, status: int) -> str:
    """Which page a visit shows: every 404 is the same "Page not found" page, for instance."""
    return SAME_PAGE.get(path, path) if status == 200 else f"the {status} page"


def test_no_two_pages_share_a_title(page_as, live_server):
    pages_by_title: dict[str, set[str]] = {}
    for visit in PAGES:
        if visit.submit_empty:
            continue  # the empty form's own title, after "Error: "
        path = real_path(visit.path, live_server)
        response = page_as(visit.role).context.request.get(path)
        title = " ".join(html.unescape(TITLE.search(response.text()).group(1)).split())
        pages_by_title.setdefault(title, set()).add(page_key(path, response.status))
    shared = [f"{title!r} is the title of {', '.join(sorted(pages))}"
              for title, pages in pages_by_title.items() if len(pages) > 1]
    assert not shared, "\n".join(shared)


def test_axe_would_report_an_image_without_a_text_alternative(page_as):
    """The checks above would pass vacuously if axe ran no rules; this shows that it does."""
    page = page_as(SIGNED_OUT)
    page.set_content('<html lang="en"><head><title>Control</title></head>'
                     '<body><main><h1>Control</h1><img src="/missing.png"></main></body></html>')
    assert [violation["id"] for violation in axe_violations(page)] == ["image-alt"]
