"""Lay words people type, and the words the articles use for the same thing.

One row per lay phrase. A query that contains the lay phrase also looks for each of the article words.
Add rows freely: they only widen the search, they never change what a page says.
"""

LAY_TERMS: dict[str, tuple[str, ...]] = {
    "slipped disc": ("herniated disc",),
    "slipped disk": ("herniated disc",),
    "bulging disc": ("herniated disc",),
    "prolapsed disc": ("herniated disc",),
    "physio": ("physical therapy", "physiotherapy"),
    "physiotherapist": ("physical therapy", "physiotherapy"),
    "painkiller": ("pain relievers", "pain relief"),
    "painkillers": ("pain relievers", "pain relief"),
    "paracetamol": ("pain relievers",),
    "ibuprofen": ("pain relievers", "anti-inflammatory"),
    "backache": ("back pain", "back spasm"),
    "cramp": ("spasm",),
    "knot": ("spasm", "tight muscle"),
    "gp": ("doctor",),
    "chiro": ("chiropractic", "chiropractor"),
    "wee": ("bladder", "urine"),
    "pee": ("bladder", "urine"),
    "poo": ("bowels",),
    "wear and tear": ("osteoarthritis", "degenerative disc"),
    "x ray": ("x-ray",),
    "steroid injection": ("cortisone",),
}
