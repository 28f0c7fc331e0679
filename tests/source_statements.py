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
        # An arm or a hand at this level; a leg or foot sooner (get help today: README, "Clinical rules").
        ("weakness or numbness in an arm or a hand", "a leg or foot that has become weak, numb or tingly"),
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
        "A back spasm can signal a bigger problem; when in doubt, see a doctor",
        "alternative-treatments",
        (
            "sign of a bigger problem",
            "if you are not sure what is causing yours, see a doctor",
            "check for serious causes",
        ),
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
    # The first-days guide restates the home-care, when-to-get-help and prevention statements it relies on.
    (
        "Back spasms from an injury usually get better in a couple of weeks with proper home care",
        "first-days",
        ("usually eases within a couple of weeks", "look after yourself at home"),
    ),
    ("Apply heat to the area", "first-days", ("put heat on the part of your back that hurts",)),
    ("Take over-the-counter pain relievers", "first-days", ("pain relievers you can buy over the counter",)),
    (
        "Too much bed rest lowers blood flow and makes recovery take longer",
        "first-days",
        ("too much bed rest is not good for you", "lowers your blood flow", "takes longer to get better"),
    ),
    (
        "Light walking and gentle movement speed up healing",
        "first-days",
        ("light walking and gentle movement help you heal faster",),
    ),
    (
        "Stretching the affected area can help relieve pain",
        "first-days",
        ("stretching the part of your back that hurts can help ease the pain",),
    ),
    (
        "Sleeping in an awkward position can cause back spasms",
        "first-days",
        ("sleeping in an awkward position",),
    ),
    (
        "Lifting heavy objects or twisting the back suddenly can cause back spasms",
        "first-days",
        ("lifting something heavy or twisting your back quickly",),
    ),
    (
        "Low-impact exercise such as walking and back-strengthening exercises prevent back spasms",
        "first-days",
        ("low-impact exercise, such as walking", "exercises that make your back stronger"),
    ),
    (
        "Proper lifting technique, good posture and regular stretching prevent injury and back strain",
        "first-days",
        ("when you lift", "keep good posture, and stretch regularly"),
    ),
    (
        "Fever or loss of bladder or bowel control is a sign of a possible emergency",
        "first-days",
        ("a fever (a high temperature) as well as the back spasms", "lost control of your bladder or bowels"),
    ),
    (
        "See a doctor if the pain is severe, causes weakness or numbness, interferes with sleep or lasts "
        "longer than about two weeks; home treatment might not be enough",
        "first-days",
        (
            "book an appointment to see a doctor if",
            "the pain stops you sleeping or wakes you up",
            "home treatment may not be enough",
        ),
    ),
    ("A herniated disc may take four weeks or more", "first-days", ("herniated disc", "4 weeks or more")),
    ("When in doubt, see a doctor", "first-days", ("if you are not sure, see a doctor",)),
]

# Guidance beyond the main source. Each entry: the statement, the slug of the
# article that makes it, 1-3 phrases found word for word on that page (as for
# SOURCE_STATEMENTS), and the address of the cited page, which the article
# must list among its sources. The pages are NHS advice as NHS GP practices
# give it, and, where a stored copy could be read, nhs.uk itself.
# Green Moss Medical Centre: "Take paracetamol or ibuprofen for pain relief ... Read the patient information leaflet"
GREEN_MOSS = "https://www.greenmossmedicalcentre.nhs.uk/struggling-with-back-pain-these-self-care-techniques-could-help/"
# NHS, Treatment options for back pain: ibuprofen "may not be suitable if you have asthma or a history of stomach
# ulcers"; opiate-based painkillers are "potentially addictive, so long-term use is usually not recommended".
NHS_TREATMENT_OPTIONS = "http://www.nhs.uk/Conditions/Back-pain/Pages/Treatmentoptions.aspx"
# NHS Mid and South Essex: "avoid boiling temperatures", wrap it, do not take it to bed or use it as a cushion.
HOT_WATER_BOTTLE = "https://www.midandsouthessex.ics.nhs.uk/health/winter/hot-water-bottle-safety/"
# Versus Arthritis: "You shouldn't use manipulative therapies if ... you have osteoporosis ... you're on
# anti-clotting or blood-thinning drugs (for example, warfarin, heparin)".
MANIPULATION = (
    "https://versusarthritis.org/about-arthritis/complementary-and-alternative-treatments/"
    "types-of-complementary-treatments/manipulative-therapies/"
)
# NICE NG59, as The Guardian reported it: "Do not offer acupuncture for managing low back pain with or without
# sciatica"; NICE's clinical practice director: not enough evidence "that it is more effective than sham treatment".
NICE_ACUPUNCTURE = "https://www.nice.org.uk/guidance/ng59"
# Bridgwater Bay Health: "NSAID tablets, such as ibuprofen ... check the leaflet ... Speak to a pharmacist if you're not sure"
BRIDGWATER = "https://www.bridgwaterbayhealth.nhs.uk/back-pain-treatment"

# The first-days guide's how-to, each from the page named (read through the `search` tool's stored copies).
# NHS Central London CCG: "a hot water bottle ... wrapped in a cloth"; hot or cold packs from a pharmacy.
CENTRAL_LONDON = "https://www.centrallondonccg.nhs.uk/your-services/self-care/low-back-pain.aspx"
# North Bristol NHS Trust: painkillers "help you to move and keep active"; "Stay at work or return to work".
NORTH_BRISTOL = (
    "https://www.nbt.nhs.uk/our-services/a-z-services/emergency-zone/ed-miu-patient-information/back-injuries"
)
# Sirona (NHS community services): "You do not need to be pain free to stay at or return to work".
SIRONA = "https://sirona-cic.org.uk/advice-information/leaflet-library/musculoskeletal-msk-services/how-to-manage-your-back/"
# Guy's and St Thomas': pacing (start from what you managed recently, smaller steps with rests, build up).
GSTT = "https://www.guysandstthomas.nhs.uk/health-information/low-back-pain/physiotherapy-and-exercises"
# NHS inform: 5 repetitions 3 times a day, add 1 or 2 every few days; stop if worse or new pain; sitting up
# straight; standing back bends; walking at a comfortable pace.
NHS_INFORM = "https://www.nhsinform.scot/illnesses-and-conditions/muscle-bone-and-joints/exercises/exercises-for-back-pain"
# Versus Arthritis: knee rolls (10 s, 3 each side), knees to chest (5 s, 5 each side), pelvic tilt (5 s, 5).
VERSUS_ARTHRITIS = (
    "https://www.versusarthritis.org/about-arthritis/exercising-with-arthritis/exercises-for-healthy-joints/"
    "exercises-for-the-back/"
)
# Royal Osteoporosis Society: roll onto your side in one movement, feet over the edge as you push up.
ROS = "https://theros.org.uk/blog/top-tips-for-getting-in-and-out-of-bed"
# National Institute on Aging: getting up from the floor with a sturdy chair.
NIA = "https://go4life.nia.nih.gov/exercises/getting-floor"
# Mayo Clinic: on your side, legs drawn up a little and a pillow between them; on your front, a pillow under
# the pelvis and lower abdomen.
MAYO_SLEEP = (
    "https://www.mayoclinic.org/diseases-conditions/back-pain/multimedia/sleeping-positions/sls-20076452"
)
# North Cumbria Integrated Care NHS Foundation Trust: straight back and bent knees, the load close; resting
# on your back with a cushion under your head and your legs on a chair.
NCIC = "https://www.ncic.nhs.uk/patients-visitors/patient-information-leaflets/minor-injuries-back-pain"

GUIDELINE_STATEMENTS = [
    *(
        (
            "Ibuprofen may not be suitable with asthma or a past stomach ulcer",
            slug,
            ("may not be safe", "if you have asthma or have had a stomach ulcer"),
            NHS_TREATMENT_OPTIONS,
        )
        for slug in ("home-treatment", "first-days", "recovery-time")
    ),
    (
        "Ibuprofen may not be suitable with asthma or a past stomach ulcer",
        "first-days-easy-read",
        ("always ask if you have asthma or had a stomach ulcer",),
        NHS_TREATMENT_OPTIONS,
    ),
    (
        "Opioids can be addictive, so they are taken only for a short time",
        "medical-treatment",
        ("addicted", "only take them for a short time"),
        NHS_TREATMENT_OPTIONS,
    ),
    *(
        (
            "A hot water bottle: not boiling water, and not sat or lain on, or taken to bed",
            slug,
            ("do not fill", "with boiling water, and do not sit or lie on it, or sleep with it"),
            HOT_WATER_BOTTLE,
        )
        for slug in ("home-treatment", "first-days")
    ),
    (
        "A hot water bottle: not boiling water, and not sat or lain on, or taken to bed",
        "first-days-easy-read",
        ("do not use boiling water", "do not sit or lie on it, or sleep with it"),
        HOT_WATER_BOTTLE,
    ),
    (
        "NICE does not advise acupuncture for low back pain: no better than a sham",
        "alternative-treatments",
        ("does not advise acupuncture for low back pain", "better than a pretend treatment"),
        NICE_ACUPUNCTURE,
    ),
    (
        "No manipulation with weak bones (osteoporosis) or on a blood thinner",
        "alternative-treatments",
        ("weak bones (osteoporosis)", "thins your blood"),
        MANIPULATION,
    ),
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
    (
        "Over-the-counter pain relief: paracetamol or ibuprofen",
        "first-days",
        ("paracetamol and ibuprofen",),
        GREEN_MOSS,
    ),
    (
        "Pain relievers are not suitable for everyone: check the leaflet, or ask a pharmacist",
        "first-days",
        ("check the leaflet, or ask a pharmacist whether it is safe for you",),
        BRIDGWATER,
    ),
    (
        "A hot water bottle or a heat pack, wrapped in a cloth",
        "first-days",
        ("hot water bottle", "heat pack from a pharmacy", "wrap it in a cloth"),
        CENTRAL_LONDON,
    ),
    (
        "Pain relief helps you move and keep active",
        "first-days",
        ("easier to move and keep active",),
        NORTH_BRISTOL,
    ),
    (
        "Pace activity: start from what you managed recently, small steps with rests, build up",
        "first-days",
        ("break jobs into small steps, with a rest between them", "a little more over time"),
        GSTT,
    ),
    (
        "Walk at a comfortable pace",
        "first-days",
        ("short walks at a pace that feels comfortable",),
        NHS_INFORM,
    ),
    (
        "Getting out of bed: roll onto your side in one movement, feet over the edge while pushing up",
        "first-days",
        ("roll onto your side in one movement", "push yourself up to sitting with your elbow and hands"),
        ROS,
    ),
    (
        "Getting up from the floor: side, hip, knees, hands on a sturdy chair, one foot flat, push up",
        "first-days",
        ("sturdy chair", "roll forward onto your knees", "put one foot flat on the floor"),
        NIA,
    ),
    (
        "Sleeping on your side: knees drawn up a little, a pillow between the legs; on your front, under hips",
        "first-days",
        ("put a pillow between your legs", "put a pillow under your hips and tummy"),
        MAYO_SLEEP,
    ),
    (
        "Resting on your back with a cushion under your head and the legs on a chair",
        "first-days",
        ("cushion under your head", "rest your lower legs on a chair seat"),
        NCIC,
    ),
    (
        "How often: 3 times a day, adding 1 or 2 every few days if comfortable",
        "first-days",
        ("do each stretch 3 times a day", "add 1 or 2 more if it feels comfortable"),
        NHS_INFORM,
    ),
    (
        "Stop an exercise if it makes symptoms worse or causes new pain",
        "first-days",
        ("stop a stretch if it makes your pain worse or gives you new pain",),
        NHS_INFORM,
    ),
    (
        "Knee rolls: hold 10 seconds, 3 times each side",
        "first-days",
        ("roll your knees to one side", "hold for 10 seconds", "3 times on each side"),
        VERSUS_ARTHRITIS,
    ),
    (
        "Knee to chest: hold 5 seconds, 5 times each leg",
        "first-days",
        ("pull it gently towards your chest", "5 times with each leg"),
        VERSUS_ARTHRITIS,
    ),
    (
        "Pelvic tilt: tighten the stomach muscles, back flat on the floor, hold 5 seconds, 5 times",
        "first-days",
        ("tighten your tummy muscles", "presses flat on the floor"),
        VERSUS_ARTHRITIS,
    ),
    ("Sitting up tall, as straight as you can", "first-days", ("sit up as straight as you can",), NHS_INFORM),
    (
        "Standing back bend, hands supporting the back",
        "first-days",
        ("slowly bend back a little",),
        NHS_INFORM,
    ),
    (
        "Stay at work or return to work as soon as possible",
        "first-days",
        ("stay at work, or go back as soon as you can",),
        NORTH_BRISTOL,
    ),
    (
        "You do not need to be pain free to work",
        "first-days",
        ("do not need to be free of pain to work",),
        SIRONA,
    ),
    (
        "Lifting: bend your knees, back straight, the load close to you",
        "first-days",
        ("bend your knees and keep your back straight", "close to your body"),
        NCIC,
    ),
]
