"""Demo data tables: dialog-form tasks, aids, impairments and the notes and answers written on cases."""

from __future__ import annotations

# Dialog-form tasks per kind of assistance: (task, what the assistant does).
_TASKS: dict[str, list[tuple[str, str]]] = {
    "relief:manual": [
        ("Løft og flytning af varer", "Løfter og flytter varer over 5 kg"),
        ("Håndtering af tunge materialer", "Bærer materialer fra bil til arbejdssted"),
        ("Opsætning og nedtagning af udstyr", "Sætter udstyr op og tager det ned igen"),
        ("Oprydning og rengøring af arbejdsområdet", "Udfører de tunge dele af oprydningen"),
    ],
    "relief:office": [
        ("Løft af arkivkasser og ringbind", "Henter og bærer arkivmateriale"),
        ("Opsætning af lokaler til møder", "Flytter borde og stole og sætter udstyr op"),
        ("Hentning af varer og materialer på lageret", "Henter og bærer materialer"),
    ],
    "secretarial": [
        ("Renskrivning af notater", "Skriver notater rent efter diktat"),
        ("Arkivering og scanning af bilag", "Scanner og arkiverer bilag"),
        ("Telefonpasning og kalenderstyring", "Tager telefonen og styrer kalenderen"),
        ("Udfyldning af skemaer og blanketter", "Udfylder skemaer efter personens anvisning"),
    ],
    "structuring": [
        ("Planlægning af ugens opgaver", "Gennemgår og prioriterer ugens opgaver sammen med personen"),
        ("Kvalitetssikring af færdige opgaver", "Gennemlæser og tjekker opgaverne, før de afleveres"),
        ("Overblik over frister og aftaler", "Følger op på frister og minder om dem"),
    ],
    "reading": [
        ("Oplæsning af post og dokumenter", "Læser post og dokumenter op"),
        ("Korrekturlæsning af breve og rapporter", "Læser korrektur og retter opsætningen"),
        ("Gennemgang af tegninger og skemaer", "Beskriver indholdet af tegninger og skemaer"),
    ],
    "sign": [
        ("Tegnsprogstolkning ved møder", "Tolker personale- og kundemøder"),
        ("Tolkning ved telefonsamtaler", "Tolker telefonsamtaler med kunder og leverandører"),
        ("Tolkning ved kurser og oplæring", "Tolker undervisning og instruktion"),
    ],
    "driving": [
        ("Kørsel til kunder", "Kører personen til og fra kundebesøg"),
        ("Kørsel mellem arbejdssteder", "Kører mellem afdelinger og arbejdssteder"),
    ],
    "support": [
        ("Støtte ved kundekontakt", "Er med ved svære kundesamtaler og tager over ved behov"),
        ("Sparring ved uforudsete ændringer", "Hjælper med at lægge en ny plan, når dagen ændrer sig"),
        ("Støtte i pressede perioder", "Skærmer for forstyrrelser og hjælper med at prioritere"),
    ],
    "introduction": [
        ("Oplæring i nye arbejdsopgaver", "Viser og gennemgår nye opgaver trin for trin"),
        ("Introduktion til nyt it-system", "Gennemgår systemet og laver huskesedler"),
    ],
    "retention": [
        ("Fastholdelse i opgaven", "Følger op undervejs og hjælper med at holde fokus"),
        ("Opstart af dagens opgaver", "Hjælper i gang med dagens første opgaver"),
    ],
    "other": [
        ("Hjælp ved arbejdsrejser og messer", "Tager med og klarer de praktiske opgaver"),
        ("Praktisk hjælp ved arrangementer", "Hjælper med det praktiske ved arrangementer"),
    ],
}

_AIDS = {
    "relief": "Løftebord, vakuumløfter og rullevogn er afprøvet. De dækker ikke løft af uensartede emner.",
    "secretarial": "Talegenkendelse og diktafon er afprøvet; de dækker kun en del af skriveopgaverne.",
    "structuring": "Visuel planlægningstavle og en huskeapp er afprøvet; de støtter, men dækker ikke "
    "behovet for sparring og opfølgning.",
    "reading": "Skærmlæser og forstørrelsesprogram er bevilget som hjælpemidler; de kan ikke læse "
    "håndskrevne dokumenter og tegninger.",
    "sign": "Skrivetolk og talegenkendelse er overvejet; de dækker ikke møder med flere deltagere.",
    "driving": "Særligt indrettet bil er ikke en mulighed, fordi personen ikke må føre motorkøretøj.",
    "support": "Faste rutiner og en mentorordning er afprøvet; de dækker ikke de uforudsete situationer.",
    "introduction": "Skriftlige arbejdsgange er lavet; de dækker ikke oplæringen i praksis.",
    "retention": "Timer og påmindelser på telefonen er afprøvet; de fastholder ikke opgaven alene.",
    "other": "Til rejser og arrangementer findes der ikke hjælpemidler, der kan erstatte en assistent.",
}

# Tasks a person applied for help with, but the jobcentre finds can be done alone with an aid.
_PARTIAL_CUTS = {
    "physical": [
        ("Transport af materialer internt", "en el-drevet rullevogn"),
        ("Hentning af post og pakker", "en rullevogn"),
        ("Indstilling af skærm og arbejdsbord", "et hæve-sænkebord med hukommelse"),
    ],
    "mental": [
        ("Planlægning af dagens opgaver", "en visuel planlægningstavle og en huskeapp"),
        ("Påmindelser om møder og aftaler", "kalenderpåmindelser på telefonen"),
    ],
    "sign": [
        ("Tolkning ved korte samtaler med kolleger", "skrivetolkning på tablet og beskeder i chatten"),
    ],
    "reading": [
        ("Oplæsning af korte mails", "skærmlæseren, som allerede er bevilget"),
    ],
}

_IMPAIRMENT_TEXTS = {
    "physical": [
        "Sklerose med nedsat kraft i arme og ben og hurtig udtrætning",
        "Diskusprolaps med varige rygsmerter; må ikke løfte over 5 kg",
        "Leddegigt i hænder, skuldre og knæ",
        "Amputeret venstre underben; går med protese",
        "Muskelsvind med nedsat kraft i arme og skuldre",
        "Rygmarvsskade; kørestolsbruger",
        "Cerebral parese med spasticitet i højre side",
    ],
    "mental": [
        "ADHD med betydelige vanskeligheder ved planlægning og overblik",
        "Autismespektrumforstyrrelse",
        "Varig angstlidelse og tilbagevendende depression",
        "Bipolar lidelse, stabil i behandling",
        "Skizofreni, stabil i behandling",
        "OCD (tvangstanker og -handlinger)",
    ],
    "both": [
        "Erhvervet hjerneskade efter blodprop: lammelse i venstre side og nedsat hukommelse",
        "Cerebral parese med kognitive vanskeligheder",
        "Sklerose med træthed, koncentrationsbesvær og nedsat gangfunktion",
        "Følger efter hjernerystelse: hovedpine, lysfølsomhed og nedsat hukommelse",
    ],
    "deaf": [
        "Født døv; tegnsprog er førstesprog",
        "Døv siden barndommen; kommunikerer på tegnsprog",
        "Svært hørehæmmet med cochlear implant; har brug for tegnsprogstolk ved møder",
    ],
    "sight": [
        "Stærkt svagsynet (under 10 % syn)",
        "Blind; bruger skærmlæser og punktskrift",
        "Nethindesygdom med tiltagende synstab",
    ],
    "no_driving": [
        "Epilepsi; må ikke føre motorkøretøj",
        "Stærkt nedsat syn; har ikke kørekort",
    ],
}

_NO_DOCUMENTATION = [
    "Funktionsnedsættelsen er velkendt for jobcentret og dokumenteret i den tidligere sag om fleksjob.",
    "Funktionsnedsættelsen er dokumenteret i kommunens hjælpemiddelsag om samme funktionsnedsættelse.",
    "Funktionsnedsættelsen er synlig og beskrevet ved virksomhedsbesøget; lægelig dokumentation vil ikke "
    "tilføre sagen noget nyt.",
]

_ACTIVE_STEP_NOTES = {
    "meeting": "Møde i jobcentret med borgeren; ansøgningen og dialogskemaet gennemgået.",
    "workplace_visit": "Besøg på arbejdspladsen sammen med nærmeste leder; opgaverne set i praksis.",
    "information_request": "Anmodet virksomheden om arbejdsplan og borgerens læge om status.",
}

_JOURNAL_NOTES = [
    "Telefonsamtale med borgeren: gennemgik ansøgningen og aftalte det videre forløb.",
    "Mail fra virksomheden med opdateret arbejdsplan. Lagt på sagen.",
    "Talt med nærmeste leder om, hvilke opgaver assistenten skal løse.",
    "Borgeren har ringet og spurgt til sagsbehandlingstiden. Orienteret om fristen.",
]

_HEARING_ANSWERS_PARTIAL = [
    "Jeg er enig i opgørelsen og har ingen yderligere bemærkninger.",
    "Jeg er uenig i, at jeg selv kan klare opgaven, men jeg har ikke nye oplysninger.",
    "Telefonisk svar: borgeren har ingen bemærkninger til oplysningerne.",
]
_HEARING_ANSWERS_REFUSAL = [
    "Jeg er uenig. Jeg løser selv de vigtigste opgaver, og assistenten skal kun hjælpe mig.",
    "Telefonisk svar: borgeren fastholder ansøgningen, men har ikke nye oplysninger.",
]
