"""Reasons on known themes (English, Russian, German) for the text-analysis tests: seeded."""

import random

# theme -> (beginnings, endings): a reason is one beginning and one ending of its theme, so
# every text is distinct while each theme keeps its own words.
ENGLISH = {
    "cost": (["The twinning budget is", "Paying for councillors' trips abroad is",
              "Spending council tax on twinning visits is", "The cost of the civic receptions is",
              "Money for the twinning office is", "The travel bill for delegations is"],
             ["a waste of money while libraries close", "money better spent on potholes",
              "too expensive for taxpayers this year", "hard to justify with budgets cut",
              "an expense residents cannot afford", "spending we should cut first",
              "a luxury when the council budget is short", "money taken from local services"]),
    "war": (["The link with Volgograd should stay suspended", "Russia's invasion of Ukraine means",
             "While the war against Ukraine goes on", "After the bombing of Ukrainian cities",
             "Until Russian troops leave Ukraine", "Because of the Kremlin's aggression"],
            ["we cannot keep official ties with Russia", "the suspension must continue",
             "no civic visits to Russia should happen", "the council must not legitimise the war",
             "sanctions must include the twinning link", "Ukraine deserves our solidarity",
             "the invasion rules out any ceremony", "official contact sends the wrong message"]),
    "friendship": (["Ordinary people in Volgograd are",
                    "The women of Stalingrad and Coventry were",
                    "Friendship between our peoples is",
                    "Letters between families in both cities are",
                    "The people we met on visits are",
                    "Personal friendships across the border are"],
                   ["friends, not enemies of this city", "the heart of reconciliation",
                    "what keeps hope for peace alive", "worth protecting in hard times",
                    "not to blame for their government", "the bridge we will need after the war",
                    "a bond that politics should not break", "proof that people can forgive"]),
    "schools": (["School exchanges with Kiel", "The pupil exchange with Dresden",
                 "Language trips for our students", "Sixth form visits to partner schools",
                 "Pen pals in partner schools", "Youth orchestra tours abroad"],
                ["teach children German and open their minds", "give teenagers confidence abroad",
                 "help young people learn languages", "build friendships that last for decades",
                 "show pupils another culture first hand", "inspire students to study abroad",
                 "let classrooms meet across Europe", "make languages real for young learners"]),
}
RUSSIAN = {
    "cost": (["Бюджет на побратимство —", "Поездки депутатов за границу —",
              "Расходы на приёмы делегаций —", "Деньги на отдел побратимства —",
              "Оплата командировок чиновников —", "Содержание комитета побратимства —"],
             ["пустая трата денег налогоплательщиков", "слишком дорого для городского бюджета",
              "деньги, которые нужны больницам", "расходы, которые пора сократить",
              "роскошь при пустой казне", "лишняя нагрузка на бюджет города",
              "траты, которые жители не поддерживают", "деньги, отнятые у библиотек"]),
    "war": (["Из-за войны против Украины", "Пока российские войска в Украине",
             "После обстрелов украинских городов", "Пока идёт вторжение",
             "Из-за агрессии Кремля", "Пока продолжаются бомбардировки"],
            ["связи с Россией нужно приостановить", "официальные визиты невозможны",
             "совет не должен оправдывать войну", "санкции должны касаться побратимства",
             "Украина заслуживает нашей поддержки", "никаких церемоний быть не может",
             "официальные контакты недопустимы", "приостановка должна сохраниться"]),
    "friendship": (["Простые люди в Волгограде —", "Дружба наших народов —",
                    "Письма между семьями двух городов —", "Личные знакомства через границу —",
                    "Женщины Сталинграда и Ковентри —", "Люди, с которыми мы встречались, —"],
                   ["наши друзья, а не враги", "основа примирения между городами",
                    "то, что сохраняет надежду на мир", "ценность, которую стоит беречь",
                    "мост, который понадобится после войны", "связь, которую политика не разрушит",
                    "доказательство того, что люди умеют прощать",
                    "не виноваты в политике властей"]),
}
GERMAN = {
    "schools": (["Der Schüleraustausch mit Coventry", "Sprachreisen für unsere Schüler",
                 "Brieffreundschaften zwischen Partnerschulen", "Klassenfahrten nach England",
                 "Das Jugendorchester auf Tournee", "Besuche der Oberstufe in Partnerschulen"],
                ["bringen Jugendlichen Englisch bei",
                 "öffnen Kindern die Augen für andere Kulturen",
                 "stärken das Selbstvertrauen junger Menschen",
                 "schaffen Freundschaften fürs Leben",
                 "machen Fremdsprachen lebendig", "ermutigen Schüler zum Studium im Ausland",
                 "verbinden Klassenzimmer in ganz Europa",
                 "zeigen Jugendlichen eine andere Kultur"]),
    "history": (["Die Bombardierung von Coventry und Dresden", "Das Nagelkreuz aus Coventry",
                 "Die Versöhnung nach dem Zweiten Weltkrieg", "Die Erinnerung an die Zerstörung",
                 "Der Wiederaufbau der Frauenkirche", "Das gemeinsame Gedenken an die Opfer"],
                ["erinnert an die Schrecken des Krieges", "ist ein Zeichen der Versöhnung",
                 "verpflichtet uns zur Erinnerung", "verbindet unsere Städte seit Jahrzehnten",
                 "mahnt zum Frieden in Europa", "gehört zur Geschichte beider Städte",
                 "zeigt, dass aus Feinden Freunde werden", "darf niemals vergessen werden"]),
    "cost": (["Die Reisekosten der Stadträte", "Das Budget für Städtepartnerschaften",
              "Die Ausgaben für Empfänge", "Das Geld für das Partnerschaftsbüro",
              "Die Kosten der Delegationsreisen", "Die Mittel für offizielle Besuche"],
             ["sind eine Verschwendung von Steuergeld", "sollten zuerst gekürzt werden",
              "fehlen bei Schulen und Bibliotheken", "sind in Zeiten knapper Kassen zu hoch",
              "kann sich die Stadt nicht leisten", "belasten den städtischen Haushalt",
              "sind den Bürgern nicht zu vermitteln", "wären bei Straßen besser angelegt"]),
}


def themed(banks: dict, count: int, seed: int = 0) -> list[tuple[str, str]]:
    """`count` distinct (theme, text) pairs per theme, each a beginning and an ending."""
    rng = random.Random(seed)
    found = []
    for theme, (beginnings, endings) in banks.items():
        pairs = [(begin, end) for begin in beginnings for end in endings]
        for begin, end in rng.sample(pairs, min(count, len(pairs))):
            found.append((theme, f"{begin} {end}."))
    rng.shuffle(found)
    return found


def mixed(banks: dict, count: int, seed: int = 0) -> list[str]:
    """`count` distinct texts, each any theme's beginning with any theme's ending: related
    topics that share many words and halves, none a copy of another."""
    beginnings = [begin for begin_list, _ in banks.values() for begin in begin_list]
    endings = [end for _, end_list in banks.values() for end in end_list]
    pairs = [(begin, end) for begin in beginnings for end in endings]
    return [f"{begin} {end}." for begin, end in random.Random(seed).sample(pairs, count)]


SAMPLES = {
    "en": "I think the link with our twin towns matters for peace and friendship.",
    "cy": "Rwy'n credu bod y cysylltiad â'n trefi gefeilliol yn bwysig i heddwch a chyfeillgarwch.",
    "ru": "Я думаю, что связь с нашими городами-побратимами важна для мира и дружбы.",
    "de": "Ich finde, die Verbindung zu unseren Partnerstädten ist wichtig für Frieden und "
          "Freundschaft.",
    "uk": "Я вважаю, що зв'язок з нашими містами-побратимами важливий для миру і дружби.",
    "pl": "Uważam, że więź z naszymi miastami partnerskimi jest ważna dla pokoju i przyjaźni.",
    "fr": "Je pense que le lien avec nos villes jumelées est important pour la paix et l'amitié.",
}
