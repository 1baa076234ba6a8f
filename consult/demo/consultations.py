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

# Demonstration translations (issue 15): drafted for the demo, not checked by a translator;
# pages say so. Lists follow the English order (alternatives, options, documents).
TRANSLATED_BY = "consult demonstration data"

TRANSLATIONS = {
    OPEN["title"]: {
        "language": "ru",
        "title": "Возобновить побратимскую связь с Волгоградом",
        "summary": ("Совет предлагает возобновить побратимскую связь с Волгоградом, "
                    "приостановленную решением совета 22 марта 2022 года, начав с контактов "
                    "между людьми, а не между советами двух городов."),
        "reasons": """**Это демонстрационные данные.** Совет не вносил это предложение, а ответы \
вымышлены; они показывают, как проходит консультация в этом сервисе.

## Почему совет спрашивает

Связь между Ковентри и Сталинградом началась в 1941 году с писем между женщинами двух городов и \
6 июня 1944 года стала первой в мире связью городов-побратимов. Совет приостановил её \
22 марта 2022 года, не спросив жителей.

## Что предлагается

- Возобновить контакты между школами, хорами, ветеранскими и женскими организациями.
- Оставить официальные визиты и церемонии приостановленными и пересматривать это каждый год.
- Ежегодно отчитываться о связи перед советом.

## Сколько это будет стоить

Только рабочее время сотрудников совета; поездки совет оплачивать не будет.""",
        "alternatives": [
            {"title": "Оставить связь приостановленной",
             "why_not": "Тогда не останется никакого канала общения между жителями двух "
                        "городов."},
            {"title": "Разорвать связь",
             "why_not": "Разрыв связи, которой более 80 лет, не сможет отменить следующий "
                        "состав совета."},
        ],
        "options": ["Возобновить связь", "Оставить связь приостановленной", "Разорвать связь"],
        "documents": ["Городской совет Ковентри: связь с Волгоградом"],
    },
    CLOSED["title"]: {
        "language": "de",
        "title": "Einen Jugendaustausch in die Partnerschaft mit Kiel aufnehmen",
        "summary": "Der Rat schlug einen jährlichen Jugendaustausch zwischen Coventry und Kiel "
                   "vor.",
        "reasons": """**Dies sind Demonstrationsdaten.** Der Rat hat diesen Vorschlag nicht \
gemacht, und die Antworten sind erfunden; sie zeigen, wie eine Konsultation in diesem Dienst \
abläuft.

## Was vorgeschlagen wurde

Ein jährlicher Austausch für junge Menschen von 16 bis 19 Jahren, abwechselnd in beiden \
Städten, gemeinsam mit örtlichen Schulen und Colleges.""",
        "alternatives": [
            {"title": "Keine Änderung",
             "why_not": "Junge Menschen haben sich mehr Kontakt gewünscht."},
        ],
        "options": ["Dafür", "Dagegen", "Weder dafür noch dagegen"],
        "documents": ["Stadtrat Coventry: die Partnerschaft mit Kiel"],
    },
}

# Demonstration invitations (issue 16): who the council might have invited, for the demo only;
# pages say the council did not send them. (name, kind, channel, days before publication it
# was sent, days after the opening it was added to the list or None for before publication).
INVITATIONS = {
    OPEN["title"]: [
        ("Volgograd City Administration", "twin_council", "letter", 14, None),
        ("Coventry–Volgograd friendship group", "twinning_association", "email", 14, None),
        ("Russian-speaking community groups in Coventry", "community_group", "meeting", 10,
         None),
        ("Ukrainian community groups in Coventry", "community_group", "meeting", 10, None),
        ("Coventry Twinning Choir", "other", "email", 7, None),
    ],
    CLOSED["title"]: [
        ("Coventry–Kiel twinning association", "twinning_association", "email", 20, None),
        ("Coventry secondary schools and colleges", "school", "letter", 20, None),
        ("City of Kiel (Landeshauptstadt Kiel)", "twin_council", "email", 0, 5),
    ],
}
# Why the Kiel demonstration was published before the City of Kiel was invited.
NO_TWIN_COUNCIL_REASONS = {
    CLOSED["title"]: ("Demonstration data. The exchange would first be arranged between schools "
                      "and colleges in the two cities; the City of Kiel was to be asked once "
                      "they had agreed."),
}
