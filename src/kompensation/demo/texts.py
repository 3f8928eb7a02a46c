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

# --- complaints (demo/complaints.py). Placeholders: {first} the person's first name, {hours} sought,
# {granted} granted, {new} the new decision's hours, {cut} the task judged doable alone, {aid} its aid,
# {job}, {decided} the date of the decision complained about, {days} days after the complaint deadline.

_COMPLAINT_TEXTS = {
    "partial": [
        "Jeg klager over afgørelsen, fordi jeg kun har fået {granted} timer om ugen, selv om jeg har søgt om "
        "{hours}. Jeg kan ikke klare «{cut}» alene, heller ikke med {aid}. Vi har prøvet det i flere uger, "
        "og det går ud over resten af mit arbejde.",
        "Jeg er ikke enig i, at jeg selv kan klare «{cut}». Min nærmeste leder kan bekræfte, at jeg har brug "
        "for hjælp til opgaven hver uge. Jeg beder jer se på sagen igen og bevilge de {hours} timer, jeg har "
        "søgt om.",
        "Afgørelsen tager ikke højde for, at mine opgaver som {job} har ændret sig siden besøget på "
        "arbejdspladsen. Jeg har brug for alle {hours} timer. Jeg vedlægger en beskrivelse fra min leder.",
    ],
    "refusal": [
        "Jeg klager over afslaget. Min funktionsnedsættelse er varig, og det kan min læge bekræfte. Uden "
        "assistance kan jeg ikke blive i mit job som {job}.",
        "Jeg er uenig i afslaget. Assistenten skal ikke lave mit arbejde, men kun de støttende opgaver, som "
        "jeg har beskrevet i ansøgningen. Jeg beder om, at sagen bliver vurderet igen.",
    ],
    "round2": [
        "Jeg klager igen. Den nye afgørelse giver stadig færre timer, end jeg har søgt om, og speciallægens "
        "erklæring er ikke taget med i vurderingen af «{cut}».",
        "Jeg er fortsat uenig. Kommunen har efter hjemvisningen ikke undersøgt, hvor meget hjælp jeg reelt "
        "har brug for til «{cut}». Jeg beder om, at sagen igen sendes til Ankestyrelsen.",
    ],
    "oral": [
        "{first} ringede og fortalte, at {first} ikke er enig i afgørelsen af {decided}. {first} mener ikke "
        "at kunne klare «{cut}» selv og ønsker afgørelsen genvurderet. Klagen er læst op for {first}, som "
        "bekræftede den.",
    ],
    "oral_refusal": [
        "{first} ringede og fortalte, at {first} ikke er enig i afslaget af {decided}. {first} har brug for "
        "assistance for at kunne blive i jobbet som {job} og ønsker afgørelsen genvurderet. Klagen er læst "
        "op for {first}, som bekræftede den.",
    ],
    "employer": [
        "Vi klager over tilskuddet til personlig assistance til vores medarbejder. Tilskuddet dækker kun "
        "{granted} timer om ugen, men opgaven «{cut}» kan ikke løses med {aid} på vores arbejdsplads, så "
        "assistenten bruger reelt {hours} timer om ugen. Vi beder jer genvurdere tilskuddets størrelse.",
    ],
}

_LATE_ACCEPTED = [
    "Klagen kom {days} dage efter klagefristen. {first} har oplyst, at {first} var indlagt på hospitalet i "
    "perioden og derfor ikke kunne klage i tide. Det er en undskyldelig grund, og klagen behandles.",
    "Klagen kom {days} dage for sent. {first} har dokumenteret en længere sygeperiode, hvor Digital Post "
    "ikke blev læst. Klagen behandles derfor alligevel.",
]
_LATE_REFUSED = [
    "Klagen kom {days} dage efter klagefristen, og der er ikke oplyst en grund til, at den ikke kunne sendes "
    "i tide. Afgørelsen blev leveret i Digital Post, og klagevejledningen stod i brevet. Klagen afvises "
    "derfor som for sen (retssikkerhedslovens § 67, stk. 1). Du kan søge igen, hvis dit behov har ændret "
    "sig.",
]

_REASSESSMENT_REASONS = {
    "upheld_partial": "Jobcentret har genvurderet afgørelsen med klagen og sagens oplysninger. Opgaven "
    "«{cut}» kan fortsat klares med {aid}, som blev afprøvet ved besøget på arbejdspladsen, og klagen "
    "indeholder ikke nye oplysninger, der ændrer vurderingen. Afgørelsen fastholdes, og klagen sendes til "
    "Ankestyrelsen.",
    "upheld_refusal": "Jobcentret har genvurderet afgørelsen. Klagen gentager oplysningerne fra ansøgningen "
    "og partshøringen, som allerede indgik i afgørelsen, og betingelserne i kompensationsloven er fortsat "
    "ikke opfyldt. Afgørelsen fastholdes, og klagen sendes til Ankestyrelsen.",
    "changed": "Jobcentret har genvurderet afgørelsen. De nye oplysninger fra arbejdsgiveren viser, at "
    "opgaven «{cut}» ikke kan klares med {aid}, fordi emnerne er for forskellige. Klagen får fuldt medhold, "
    "og der er truffet en ny afgørelse om {new} timer om ugen.",
    "partly_changed": "Jobcentret giver delvist medhold. Arbejdsgiverens beskrivelse viser, at en del af "
    "opgaven «{cut}» kræver hjælp, og der er truffet en ny afgørelse om {new} timer om ugen. Resten af "
    "opgaven kan fortsat klares med {aid}; den del af klagen sendes til Ankestyrelsen.",
}
_NEW_INFORMATION = [
    "Beskrivelse fra nærmeste leder af opgavernes omfang i en almindelig uge, modtaget med klagen.",
    "Telefonsamtale med arbejdsgiveren om, hvordan opgaven løses i dag.",
    "",
]
_WITHDRAWAL_NOTES = [
    "{first} ringede og trak klagen tilbage efter en samtale om afgørelsen. {first} vil søge igen, hvis "
    "behovet ændrer sig.",
    "Brev fra {first}: klagen trækkes tilbage, fordi arbejdsopgaverne er blevet fordelt anderledes.",
]
_NEW_DECISION_AFTER_COMPLAINT = "Efter klagen har jobcentret genvurderet sagen med de nye oplysninger. "
_NEW_DECISION_AFTER_REMAND = (
    "Ankestyrelsen har hjemvist sagen, fordi behovet for assistance ikke var tilstrækkeligt oplyst. "
    "Jobcentret har indhentet en speciallægeerklæring og en ny beskrivelse af opgaverne fra arbejdsgiveren "
    "og træffer ny afgørelse. "
)
_APPEALS_DECISIONS = {
    "upheld": [
        "Ankestyrelsen stadfæster kommunens afgørelse.",
        "Afgørelsen er rigtig. Kommunen har vurderet behovet konkret",
        "og begrundet afgørelsen efter reglerne.",
    ],
    "changed": [
        "Ankestyrelsen ændrer kommunens afgørelse.",
        "Borgeren har ret til personlig assistance i det omfang, der er søgt om.",
        "Kommunen skal udmåle tilskuddet på ny.",
    ],
    "remanded": [
        "Ankestyrelsen hjemviser sagen til ny behandling i kommunen.",
        "Sagen er ikke tilstrækkeligt oplyst om behovet for assistance.",
        "Kommunen skal indhente en speciallægeerklæring og træffe ny afgørelse.",
    ],
    "dismissed": [
        "Ankestyrelsen afviser klagen.",
        "Efter kommunens nye afgørelse er der ikke længere en uenighed,",
        "som Ankestyrelsen kan tage stilling til.",
    ],
}
