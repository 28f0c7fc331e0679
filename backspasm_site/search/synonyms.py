"""Lay words people type, and the words the articles use for the same thing.

One row per lay phrase. A query that contains the lay phrase also looks for each of the article words.
Add rows freely: they only widen the search, they never change what a page says. Map only to words the
published articles use (a test checks): a row must never make a medical claim the pages do not make.
Misspellings need no rows: spelling.py corrects them (and knows every lay word here).
"""

PAIN_RELIEF = ("pain relievers", "pain relief", "painkillers")
HEAT = ("heat",)
BLADDER = ("bladder",)
GET_HELP = ("when to get help", "get emergency help")  # the page's title, and its summary
SCIATICA = ("numbness in an arm or leg", "leg")

LAY_TERMS: dict[str, tuple[str, ...]] = {
    "slipped disc": ("herniated disc",),
    "slipped disk": ("herniated disc",),
    "bulging disc": ("herniated disc",),
    "prolapsed disc": ("herniated disc",),
    "physio": ("physical therapy", "physiotherapy"),
    "physiotherapist": ("physical therapy", "physiotherapy"),
    "physical therapist": ("physical therapy", "physiotherapy"),
    # Pain relief: the articles say "pain relievers" (home treatment) and "painkillers" (opioids).
    "painkiller": PAIN_RELIEF,
    "painkillers": PAIN_RELIEF,
    "pain killer": PAIN_RELIEF,
    "pain killers": PAIN_RELIEF,
    "pain tablets": PAIN_RELIEF,
    "pain pills": PAIN_RELIEF,
    "paracetamol": ("pain relievers",),
    "ibuprofen": ("pain relievers", "anti-inflammatory"),
    "nurofen": ("ibuprofen", "anti-inflammatory"),
    "anti inflammatory": ("anti-inflammatory",),
    "anti inflammatories": ("anti-inflammatory",),
    "muscle relaxer": ("muscle relaxants",),
    "muscle relaxers": ("muscle relaxants",),
    # Heat: the home treatment page says "Put heat on the area that hurts".
    "hot water bottle": HEAT,
    "heat pad": HEAT,
    "heat pack": HEAT,
    "heating pad": HEAT,
    "heat patch": HEAT,
    "hot bath": HEAT,
    "warm bath": HEAT,
    "backache": ("back pain", "back spasm"),
    "lumbago": ("back pain",),
    "cramp": ("spasm",),
    "knot": ("spasm", "tight muscle"),
    "stiff": ("tight", "tense"),
    "stiff back": ("tight", "tense"),
    "pulled muscle": ("strain",),
    "pulled a muscle": ("strain",),
    "strained muscle": ("strain",),
    "gp": ("doctor",),
    "chiro": ("chiropractic", "chiropractor"),
    # Bladder control: when to get help says "losing control of your bladder or bowels".
    "wee": ("bladder", "urine"),
    "pee": ("bladder", "urine"),
    "poo": ("bowels",),
    "wetting themselves": BLADDER,
    "wetting myself": BLADDER,
    "wetting yourself": BLADDER,
    "wet themselves": BLADDER,
    "wet myself": BLADDER,
    "wet yourself": BLADDER,
    "incontinence": ("bladder", "bowels"),
    "incontinent": ("bladder", "bowels"),
    "leaking urine": BLADDER,
    # Sciatica: no page uses the word; when to get help lists "weakness or numbness in an arm or leg".
    "sciatica": SCIATICA,
    "sciatic": SCIATICA,
    "high temperature": ("fever",),
    # "When to see a doctor": every page says "see a doctor"; the page about it is "When to get help".
    "see doctor": GET_HELP,
    "see a doctor": GET_HELP,
    "see the doctor": GET_HELP,
    "see my doctor": GET_HELP,
    "see a gp": GET_HELP,
    "go to hospital": ("emergency help",),
    "ambulance": ("emergency help",),
    "emergency": ("emergency help",),
    "serious": ("get help",),
    # "When to worry", "red flags": what people call the warning signs the page lists.
    "worry": GET_HELP,
    "worried": GET_HELP,
    "worrying": GET_HELP,
    "red flag": (*GET_HELP, "warning signs"),
    "red flags": (*GET_HELP, "warning signs"),
    "wear and tear": ("osteoarthritis", "degenerative disc"),
    "x ray": ("x-ray",),
    "xray": ("x-ray",),
    "steroid injection": ("cortisone",),
    "how long": ("how long", "get better"),
    # The first-days guide (articles/first-days) says "gentle stretches" and "sleeping and resting".
    "stretches": ("gentle stretches",),
    "stretching": ("gentle stretches",),
    "exercises": ("gentle stretches", "exercise"),
    "exercise": ("gentle stretches",),
    "how to sleep": ("sleeping and resting",),
    "sleeping position": ("sleeping and resting",),
    "get out of bed": ("getting out of bed",),
    "lifting": ("lifting and posture",),
}
