"""Medical statements of the back spasm source text, mapped to articles.

The site's only medical source is the back spasm source text. Each entry
below restates one of its medical statements in plain words, names the slug
of the published article that covers it, and gives 1-3 short lowercase
phrases that appear word for word (case-insensitive, whitespace collapsed)
in that article's rendered text (title + summary + body, markdown removed).

The test suite uses this list to check that each statement of the source
text appears on a published page.
"""

SOURCE_STATEMENTS = [
    # What is a back spasm?
    (
        "A back spasm is a muscle in the back that is tight or twitching",
        "what-is-a-back-spasm",
        ("goes tight or starts to twitch",),
    ),
    ("A back spasm can happen anywhere in the back", "what-is-a-back-spasm", ("any part of your back",)),
    ("Back spasms are extremely common", "what-is-a-back-spasm", ("very common",)),
    ("Back spasms can develop from overuse", "what-is-a-back-spasm", ("using your back muscles too much",)),
    (
        "Back spasms can develop from problems with the spine",
        "what-is-a-back-spasm",
        ("a problem with your spine",),
    ),
    (
        "Back spasms can develop from seemingly nothing at all",
        "what-is-a-back-spasm",
        ("no clear reason at all",),
    ),
    ("The pain can be a mild inconvenience", "what-is-a-back-spasm", ("mild pain", "nuisance")),
    (
        "The pain can be severe and get in the way of daily life",
        "what-is-a-back-spasm",
        ("the pain can also be severe", "hard to get on with your day"),
    ),
    ("On their own, back spasms are not usually serious", "what-is-a-back-spasm", ("not usually serious",)),
    ("A back spasm can be a sign of a bigger problem", "what-is-a-back-spasm", ("sign of a bigger problem",)),
    # Symptoms
    (
        "The main symptom is pain, which can be mild or severe",
        "symptoms",
        ("pain is the main symptom", "mild, or it can be severe"),
    ),
    ("The area usually feels tense", "symptoms", ("usually feel tense",)),
    (
        "A spasm can sometimes be seen because the muscle is so tight it is distorted",
        "symptoms",
        ("see a back spasm", "so tight that it looks out of shape"),
    ),
    (
        "A spasm can sometimes be seen because the muscle visibly twitches",
        "symptoms",
        ("see the muscle twitch",),
    ),
    ("The muscle may feel hard or tender to the touch", "symptoms", ("feel hard", "feel tender")),
    # Causes
    ("Lifting heavy objects can cause back spasms", "causes", ("lifting something heavy",)),
    ("Twisting the back suddenly can cause back spasms", "causes", ("twisting your back quickly",)),
    ("Sleeping in an awkward position can cause back spasms", "causes", ("sleeping in an awkward position",)),
    (
        "Any injury to the back muscles or ligaments can cause back spasms",
        "causes",
        ("injury to the muscles or ligaments",),
    ),
    (
        "Back spasms can develop from repeated strain without a specific injury",
        "causes",
        ("do not have to hurt yourself", "straining your back again and again"),
    ),
    (
        "Repeated strain is more likely to cause spasms in people who are out of shape or carry extra weight",
        "causes",
        ("out of shape", "carry extra weight"),
    ),
    ("A herniated disc can cause back spasms", "causes", ("herniated disc",)),
    ("Degenerative disc disease can cause back spasms", "causes", ("degenerative disc disease",)),
    # Diagnosis
    ("A doctor checks the patient's reflexes", "diagnosis", ("check your reflexes",)),
    ("A doctor tests for weakness in the limbs", "diagnosis", ("test whether your arms or legs are weak",)),
    ("A doctor examines the painful area", "diagnosis", ("examine the part of your back that hurts",)),
    (
        "A doctor may order an X-ray or MRI if a spinal condition is suspected",
        "diagnosis",
        ("an x-ray", "mri scan", "problem with your spine"),
    ),
    (
        "A doctor may order an X-ray or MRI if a spinal condition is suspected",
        "causes",
        ("an x-ray or an mri scan",),
    ),
    # Home treatment
    (
        "Back spasms from an injury usually get better in a couple of weeks with proper home care",
        "home-treatment",
        ("usually ease within a couple of weeks", "good care of yourself at home"),
    ),
    (
        "Take over-the-counter pain relievers",
        "home-treatment",
        ("pain relievers you can buy over the counter",),
    ),
    ("Apply heat to the area", "home-treatment", ("put heat on the area that hurts",)),
    ("Avoid too much bed rest", "home-treatment", ("too much bed rest",)),
    (
        "Light walking and gentle movement speed up healing",
        "home-treatment",
        ("light walking and gentle movement help you heal faster",),
    ),
    (
        "Too much bed rest lowers blood flow and makes recovery take longer",
        "home-treatment",
        ("too much bed rest lowers your blood flow", "takes longer to get better"),
    ),
    (
        "Stretching the affected area can help relieve pain",
        "home-treatment",
        ("stretch the part of your back that hurts", "help ease the pain"),
    ),
    # When to get help
    (
        "See a doctor if the pain is severe",
        "when-to-get-help",
        ("book an appointment to see a doctor if", "the pain is severe"),
    ),
    (
        "See a doctor if the spasm causes weakness or numbness in any limb",
        "when-to-get-help",
        ("weakness or numbness in an arm or a leg",),
    ),
    (
        "See a doctor if the pain interferes with sleep",
        "when-to-get-help",
        ("the pain stops you sleeping or wakes you up",),
    ),
    (
        "See a doctor if the pain lasts longer than about two weeks",
        "when-to-get-help",
        ("the pain lasts longer than about 2 weeks",),
    ),
    (
        "In those cases, home treatment might not be enough",
        "home-treatment",
        ("home treatment is not enough",),
    ),
    (
        "Fever as well as the spasms is a sign of a possible emergency",
        "when-to-get-help",
        ("call 999 or go to a&e now", "a fever (a high temperature) as well as the back spasms"),
    ),
    (
        "Loss of bladder or bowel control is a sign of a possible emergency",
        "when-to-get-help",
        ("you have lost control of your bladder or bowels",),
    ),
    ("When in doubt, see a doctor", "when-to-get-help", ("if you are not sure, see a doctor",)),
    # Medical treatment
    (
        "Doctors may recommend treatment in addition to simple home care",
        "medical-treatment",
        ("simple care at home", "a doctor may suggest other treatments"),
    ),
    ("Doctors may recommend physical therapy", "medical-treatment", ("physical therapy",)),
    ("Doctors may prescribe muscle relaxant medicine", "medical-treatment", ("muscle relaxants",)),
    (
        "Doctors may prescribe cortisone injections",
        "medical-treatment",
        ("injections of a medicine called cortisone",),
    ),
    ("Doctors may prescribe anti-inflammatories", "medical-treatment", ("anti-inflammatory medicines",)),
    (
        "Doctors may prescribe short-term opioid treatment",
        "medical-treatment",
        ("opioids", "only take them for a short time"),
    ),
    # Alternative treatments
    ("Acupuncture can relieve pain", "alternative-treatments", ("acupuncture", "help ease pain")),
    (
        "Acupressure can target the affected muscle directly and encourage it to relax",
        "alternative-treatments",
        ("acupressure", "work right on the tight muscle", "can help the muscle relax"),
    ),
    (
        "Chiropractic care can address the root cause when a spasm is caused by poor posture or misalignment",
        "alternative-treatments",
        ("poor posture", "misalignment", "chiropractic care can help deal with the cause"),
    ),
    (
        "A back spasm can signal a bigger problem; when in doubt, see a doctor (so a doctor checks first)",
        "alternative-treatments",
        ("sign of a bigger problem", "see a doctor first", "check for serious causes"),
    ),
    (
        "Massage therapy can help relieve back spasms caused by overwork",
        "alternative-treatments",
        ("massage can help ease back spasms caused by overwork",),
    ),
    # Complications and chronic pain
    (
        "The main complication of back spasms is chronic pain",
        "complications-and-chronic-pain",
        ("chronic pain is the main complication",),
    ),
    (
        "Pain can make the spasm worse, which makes the pain worse, in a cycle",
        "complications-and-chronic-pain",
        ("pain can make a back spasm worse", "causes more pain"),
    ),
    (
        "Because of this cycle, treat the pain rather than pushing through it",
        "complications-and-chronic-pain",
        ("important to treat the pain", "push through it"),
    ),
    (
        "Some causes, like osteoarthritis, are chronic and need lifelong observation and care",
        "complications-and-chronic-pain",
        (
            "osteoarthritis",
            "are chronic",
            "if you have a cause like this",
            "checks and care for the rest of your life",
        ),
    ),
    (
        "Some causes, like osteoarthritis, are chronic and need lifelong observation and care",
        "recovery-time",
        ("osteoarthritis", "are chronic", "if your back spasms have a cause like this"),
    ),
    (
        "Many medicines for back spasms have long-term side effects",
        "complications-and-chronic-pain",
        ("side effects if you take them for a long time",),
    ),
    (
        "People with chronic back spasms may choose to look into other treatments",
        "complications-and-chronic-pain",
        ("look into other treatments",),
    ),
    (
        "Mindfulness practices such as meditation and tai chi can help with pain management",
        "complications-and-chronic-pain",
        ("mindfulness can help you manage pain", "meditation", "tai chi"),
    ),
    (
        "Anti-inflammatory diets may help address the root cause of chronic back spasms",
        "complications-and-chronic-pain",
        ("anti-inflammatory diets", "deal with the cause of long-term back spasms"),
    ),
    (
        "Nerve blocks may help address the root cause of chronic back spasms",
        "complications-and-chronic-pain",
        ("nerve blocks",),
    ),
    (
        "Nerve ablation may help address the root cause of chronic back spasms",
        "complications-and-chronic-pain",
        ("nerve ablation",),
    ),
    # Recovery time
    (
        "The outlook for a back spasm depends on its cause",
        "recovery-time",
        ("depends on what caused your back spasm",),
    ),
    (
        "A spasm from overuse, a sprain or a strain will likely get better within two weeks",
        "recovery-time",
        ("sprain or strain", "get better within 2 weeks"),
    ),
    (
        "Recovery from overuse, sprain or strain is helped by gentle movement, stretching, heat "
        "and over-the-counter anti-inflammatories",
        "recovery-time",
        ("gentle movement", "stretching", "anti-inflammatory medicines you can buy over the counter"),
    ),
    (
        "A back spasm caused by a herniated disc may take four weeks or more to recover",
        "recovery-time",
        ("herniated disc", "4 weeks or more"),
    ),
    # Prevention
    (
        "The best way to prevent back spasms is to keep the back muscles strong",
        "prevention",
        ("keeping the muscles in your back strong",),
    ),
    (
        "Low-impact exercise such as walking keeps the back muscles strong",
        "prevention",
        ("low-impact exercise, such as walking",),
    ),
    (
        "Back-strengthening exercises keep the back muscles strong",
        "prevention",
        ("exercises that make your back stronger",),
    ),
    ("Keeping a healthy weight can help prevent back spasms", "prevention", ("healthy weight",)),
    ("Not smoking can help prevent back spasms", "prevention", ("do not smoke",)),
    ("Stretching regularly helps prevent injury and back strain", "prevention", ("stretch regularly",)),
    (
        "Using proper technique when lifting helps prevent injury and back strain",
        "prevention",
        ("lift things the right way", "proper technique"),
    ),
    ("Keeping good posture helps prevent injury and back strain", "prevention", ("good posture",)),
]

# Guidance beyond the main source. Each entry: the statement, the slug of the
# article that makes it, 1-3 phrases found word for word on that page (as for
# SOURCE_STATEMENTS), and the address of the cited page, which the article
# must list among its sources. The pages are NHS advice as NHS GP practices
# give it (nhs.uk itself is not among the stored pages).
# Green Moss Medical Centre: "Take paracetamol or ibuprofen for pain relief ... Read the patient information leaflet"
GREEN_MOSS = "https://www.greenmossmedicalcentre.nhs.uk/struggling-with-back-pain-these-self-care-techniques-could-help/"
# Bridgwater Bay Health: "NSAID tablets, such as ibuprofen ... check the leaflet ... Speak to a pharmacist if you're not sure"
BRIDGWATER = "https://www.bridgwaterbayhealth.nhs.uk/back-pain-treatment"

GUIDELINE_STATEMENTS = [
    (
        "Over-the-counter pain relief for back pain means paracetamol or ibuprofen",
        "home-treatment",
        ("examples are paracetamol and ibuprofen",),
        GREEN_MOSS,
    ),
    (
        "Pain relievers are not suitable for everyone: check the leaflet, or ask a pharmacist",
        "home-treatment",
        ("check the leaflet, or ask a pharmacist whether it is safe for you",),
        BRIDGWATER,
    ),
    (
        "Ibuprofen is an anti-inflammatory (NSAID) you can buy without a prescription",
        "recovery-time",
        ("ibuprofen is one anti-inflammatory medicine you can buy",),
        BRIDGWATER,
    ),
    (
        "Pain relievers are not suitable for everyone: check the leaflet, or ask a pharmacist",
        "recovery-time",
        ("check the leaflet, or ask a pharmacist whether it is safe for you",),
        BRIDGWATER,
    ),
]
