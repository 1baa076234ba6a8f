"""Demonstration consultations: clearly marked as synthetic, never as the council's own."""

DEMO_NOTE = ("**This is demonstration data.** The council has not made this proposal, and the "
             "responses are synthetic; they show how a consultation works on this service.")

OPEN = {
    "link": "volgograd",
    "action": "resume",
    "title": "Resume the twin link with Volgograd",
    "summary": ("The council proposes to resume the twin link with Volgograd, suspended by full "
                "council on 22 March 2022, starting with contacts between people rather than "
                "between the two city councils."),
    "reasons": DEMO_NOTE + """

## Why the council is asking

The link between Coventry and Stalingrad began in 1941 with letters between the women of the two
cities, and became the world's first twin-city link on 6 June 1944. The council suspended it on
22 March 2022 without asking residents first.

## What is proposed

- Resume contacts between schools, choirs, veterans' and women's groups.
- Keep civic visits and official ceremonies suspended, and review them each year.
- Report back on the link every year to full council.

## What it would cost

Officer time only; no travel would be paid for by the council.""",
    "alternatives": [
        {"title": "Keep the link suspended",
         "why_not": "It keeps no channel open between the people of the two cities."},
        {"title": "End the link",
         "why_not": "Ending a link of more than 80 years cannot be undone by a later council."},
    ],
    "options": ["Resume the link", "Keep the link suspended", "End the link"],
    "documents": [
        ("Coventry City Council: the Volgograd link",
         "https://www.coventry.gov.uk/directory-record/49250/volgograd-russia-coventry-s-"
         "twinning-link-with-volgograd-is-currently-suspended"),
    ],
    "results_visibility": "hidden",
    "days_open": 7, "days_left": 35,
}

CLOSED = {
    "link": "kiel",
    "action": "change_terms",
    "title": "Add a youth exchange to the Kiel link",
    "summary": "The council proposed an annual youth exchange between Coventry and Kiel.",
    "reasons": DEMO_NOTE + """

## What was proposed

An annual exchange for young people aged 16 to 19, alternating between the two cities, run with
local schools and colleges.""",
    "alternatives": [
        {"title": "No change", "why_not": "Young people have asked for more contact."},
    ],
    "options": [],
    "documents": [
        ("Coventry City Council: the Kiel link",
         "https://www.coventry.gov.uk/directory-record/49243/kiel-germany"),
    ],
    "results_visibility": "shown",
    "days_open": 90, "days_left": -48,
}

# (respondent type, option position, reason or "") for synthetic responses, repeated in turn.
RESPONSE_PATTERN = [
    ("local_resident", 0, "The link began with ordinary people; it should go on with them."),
    ("local_resident", 1, "Not while the war continues."),
    ("works_or_studies", 0, ""),
    ("twin_city_resident", 0, "We remember the letters from Coventry."),
    ("organisation", 0, "Our choir sang in Volgograd in 2012 and would like to again."),
    ("local_resident", 2, ""),
    ("other", 1, ""),
    ("local_resident", 0, ""),
    ("works_or_studies", 1, "Wait until there is peace."),
    ("twin_city_resident", 0, ""),
    ("local_resident", 1, ""),
    ("local_resident", 0, "People-to-people links are what twinning was for."),
]
