"""The symptom checker's triage rules: one table, one pure function. No Django imports.

Clinical safety rests here. The verdict is the most urgent level among the rules that apply, and an
answer that is missing, unknown or "not sure" never yields self-care ("When in doubt, see a doctor");
"not sure" on an emergency question gives at least "urgent". The wording people see for each question and
level is content that editors change in admin; which answer leads where is fixed in this file, tested as a
table, and listed for clinicians by `manage.py checker_rules` (docs/checker-rules.md).

Levels follow NHS.UK's care cards: emergency (call the emergency number or go to A&E), urgent (today: an
urgent GP appointment or the urgent-care line), see a doctor (book an appointment), and home care. Where
sources put a sign at different levels, the more urgent level is used (README, "Clinical rules").
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum

MAIN_SOURCE = "Back spasm source text, the site's main source"
NHS_BACK_PAIN = (
    "NHS: Back pain, when to get help (NHS wording as quoted on NHS and GP-practice pages: "
    "https://www.gatesheadhealth.nhs.uk/resources/back-pain/ and "
    "https://bridgestreetsurgery.co.uk/health-information/4205-2/back-pain)"
)
NHS_CES = "NHS: Cauda equina syndrome (https://www.nhs.uk/conditions/cauda-equina-syndrome/)"
NICE_CKS = "NICE CKS: Sciatica (lumbar radiculopathy) (https://cks.nice.org.uk/topics/sciatica-lumbar-radiculopathy/)"
ROYAL_FREE_CES = (
    "Royal Free London NHS Foundation Trust: Cauda equina syndrome leaflet "
    "(https://royalfree.nhs.uk/patients-and-visitors/patient-information-leaflets/cauda-equina-syndrome)"
)
NICE_RED_FLAGS = (
    "Red flags for spinal conditions, NHS Gloucestershire's care pathway "
    "(https://g-care.glos.nhs.uk/pathway/72/resource/3)"
)
NORTHERN_TRUST = (
    "HSC Northern Trust: Low back pain (https://www.northerntrust.hscni.net/services/physiotherapy-services/"
    "physiotherapy-service-outpatient-service/low-back-pain/)"
)
NHS_GGC = (
    "NHS Greater Glasgow and Clyde: MSK physiotherapy, lower back "
    "(https://www.nhsggc.org.uk/your-health/health-services/msk-physiotherapy/lower-back/)"
)
HEALTHDIRECT = "healthdirect: Is my back pain serious? (https://www.healthdirect.gov.au/back-pain-symptoms)"
MAYO = (
    "Mayo Clinic: When to see a doctor for back pain "
    "(https://mayoclinic.org/connected-care/when-to-see-a-doctor-for-back-pain/cpt-20470965)"
)
SA_HEALTH = (
    "SA Health: When to seek help for low back pain (https://www.sahealth.sa.gov.au/wps/wcm/connect/"
    "Public+Content/SA+Health+Internet/Conditions/Pain/Low+back+pain/When+to+seek+help+for+low+back+pain)"
)


# Guidance beyond the spine: the emergencies that show themselves as back pain (issue 26). nhs.uk is quoted where
# its page could be read; elsewhere the NHS bodies (trusts, GP practices, nidirect, the HSE) that reproduce its
# wording are cited.
BHF_HEART_ATTACK = "British Heart Foundation: Heart attack (https://www.bhf.org.uk/heart-health/conditions/heart-attack.aspx)"
NHS_HEART_ATTACK = (
    "NHS: Heart attack, symptoms (https://www.nhs.uk/conditions/heart-attack/symptoms/): 'back or jaw pain "
    "without any chest pain'"
)
NHS_HEART_ATTACK_MILD = (
    "NHS wording on Hedge Grail Pharmacy: Heart attack, symptoms "
    "(https://hedgegrailpharmacy.co.uk/nhs_conditions_heart-attack_symptoms): 'some people may only experience "
    "minor pain, similar to indigestion'"
)
NHS_AAA = "NHS wording on nidirect: Abdominal aortic aneurysm (https://nidirect.gov.uk/node/10429)"
NHS_DISSECTION = (
    "NHS wording adapted by the HSE: Aortic dissection "
    "(https://www2.hse.ie/conditions/aortic-dissection/symptoms-of-aortic-dissection)"
)
NHS_PE = (
    "NHS: Pulmonary embolism, as quoted by Bearwood Road Surgery "
    "(http://www.bearwoodroadsurgery.co.uk/Library/Conditions/Articles/pulmonary-embolism/symptoms); "
    "Asthma + Lung UK (https://asthmaandlung.org.uk/conditions/pulmonary-embolism/what-symptoms)"
)
NHS_SEPSIS = (
    "NHS: Sepsis (https://www.nhs.uk/conditions/sepsis/); UK Sepsis Trust signs as Willington Medical Group "
    "gives them (https://www.willingtonmedicalgroup.nhs.uk/about-us/news/804/)"
)
NHS_STROKE = (
    "NHS: Stroke, FAST, as North West Ambulance Service NHS Trust gives it (http://www.nwas.nhs.uk/our-services/"
    "managing-clinical-conditions/recognising-a-stroke/recognising-stroke-in-other-people/); Stroke Association: "
    "What if symptoms pass? (https://www.stroke.org.uk/take-action/act-fast/what-if-symptoms-pass): 'Don't "
    "wait to see if the symptoms pass or get better'"
)
GIRFT_CES = (
    "GIRFT: National suspected cauda equina syndrome pathway (https://gettingitrightfirsttime.co.uk/"
    "pathway-supports-clinicians-to-diagnose-and-treat-cauda-equina-syndrome-without-delay/)"
)
NHS_KIDNEY_STONES = (
    "NHS wording on nidirect: Kidney stones (https://www.nidirect.gov.uk/conditions/kidney-stones)"
)
NHS_KIDNEY_INFECTION = "NHS: Kidney infection (https://www.nhs.uk/conditions/kidney-infection/)"
NHS_SHINGLES = "NHS: Shingles (https://www.nhs.uk/conditions/shingles/): antivirals within 3 days of the rash"
SPINE_AFTERCARE = (
    "Royal Orthopaedic Hospital NHS FT: Monitoring surgical wounds for infection "
    "(https://roh.nhs.uk/supporting-services/ipc/monitoring-surgical-wounds); Royal Free London NHS FT: What to "
    "expect after your pain procedure (https://royalfree.nhs.uk/patients-and-visitors/"
    "patient-information-leaflets/what-to-expect-after-your-pain-procedure)"
)
PREMATURE_LABOUR = (
    "Tommy's: Signs and symptoms of premature labour (https://www.tommys.org/pregnancy-information/"
    "premature-birth/risk-premature-birth/signs-and-symptoms-of-premature-labour): tightenings, period-type "
    "pains, and at any stage 'a change or reduction in your baby's movements': call the maternity unit or "
    "midwife; Wirral University Teaching Hospital NHS FT: Premature labour (https://www.wuth.nhs.uk/maternity-services/maternity-triage-247/"
    "premature-labour); Countess of Chester Hospital NHS FT: Signs of labour (https://www.coch.nhs.uk/"
    "all-services/maternity-services/your-labour-birth/signs-of-labour.aspx): call the labour suite if your "
    "waters break or you are bleeding"
)
EARLY_LABOUR = (
    "Tommy's: Signs of premature labour (https://www.tommys.org/pregnancy-information/premature-birth/"
    "signs-premature-labour): before 37 weeks, 'any increase in vaginal discharge' or 'a feeling of pressure in "
    "the pelvis': 'phone the hospital or midwife straight away, as you could be in labour'"
)
# Heavy bleeding or clots, or sharp tummy pain that does not come and go, when pregnant: 999, not the maternity
# unit (placental abruption can show itself as back pain). Both are NHS organisations' own pages.
PREGNANCY_EMERGENCY = (
    "University Hospitals Birmingham NHS FT: When to call the midwife, from Tommy's 'Call the midwife' poster "
    "(https://www.uhb.nhs.uk/services/maternity/when-to-call-the-midwife.htm): dial 999 for heavy bleeding or "
    "passing blood clots, or sharp or continuous abdominal pain that does not come and go; NHS Shropshire, "
    "Telford and Wrekin Healthier Together: Bleeding in pregnancy (https://www.stw-healthiertogether.nhs.uk/"
    "pregnant-women/worried-you-are-unwell-during-pregnancy/bleeding-pregnancy)"
)
GATESHEAD_BACK_PAIN = (
    "Gateshead Health NHS FT: Back pain (https://www.gatesheadhealth.nhs.uk/resources/back-pain/): urgent medical "
    "advice or A&E for weakness of the legs, or numbness or tingling in the legs"
)
NHS_ECTOPIC = (
    "NHS: Ectopic pregnancy, as Health for Under 5s gives it "
    "(https://healthforunder5s.co.uk/sections/pregnancy/ectopic-pregnancy)"
)
ANTICOAGULANTS = (
    "The Rotherham NHS FT: Life with anticoagulation (https://therotherhamft.nhs.uk/patients-and-visitors/"
    "patient-information/life-with-anticoagulation)"
)
# The NHS's "get help if" list for back pain that is not an emergency, quoted by a GP practice.
NHS_GET_HELP = (
    "NHS: Back pain, getting help and advice, as Belmont Hill Surgery gives it "
    "(https://www.belmonthillsurgery.co.uk/back-pain): get help if 'the pain stops you doing your day-to-day "
    "activities' or 'you are worried about the pain or are struggling to cope'"
)
# Sepsis without a fever: the UK Sepsis Trust's "extreme shivering", which the fever line ("hot") did not ask.
SEPSIS_SHIVERING = (
    "UK Sepsis Trust signs as Willington Medical Group gives them (https://www.willingtonmedicalgroup.nhs.uk/"
    "about-us/news/804/): 'Extreme shivering or muscle pain', call 999 or visit A&E; Adult Sepsis Safety Net, with "
    "the UK Sepsis Trust (https://patient.info/infections/sepsis-septicaemia-leaflet/adult-sepsis-safety-net): "
    "'low body temperature (feels very cold)'"
)
NHS_PRE_ECLAMPSIA = (
    "NHS: Pre-eclampsia, symptoms (https://www.nhs.uk/conditions/pre-eclampsia/symptoms/): severe headaches, "
    "blurring or flashing lights, pain just below the ribs, sudden swelling of the feet, ankles, face and hands, "
    "also in the 4 weeks after birth: 'get medical advice immediately by calling your GP surgery or NHS 111'"
)
# Sickle cell disease: a crisis is often felt in the back. Most crises are treated at home (NICE), but pain that
# is very bad or that the usual painkillers do not control needs hospital; a crisis, or pain unlike the usual,
# needs the sickle cell team at once (NHS England's campaign, UCLH). A very bad headache or a sudden change in
# sight is a complication for A&E or 999 (the campaign; North West London Hospitals: a doctor straight away).
SICKLE_CELL_HOSPITAL = (
    "NICE CG143, information for the public (https://www.nice.org.uk/guidance/cg143/ifp/chapter/"
    "Acute-painful-sickle-cell-episodes): 'Most painful episodes can be treated at home, but if the pain is very "
    "bad the person may have to go to hospital'; NICE CG143, introduction (https://www.nice.org.uk/guidance/"
    "CG143/chapter/introduction): people seek hospital care 'if the pain is uncontrolled'; recommendation 1.1.1 "
    "(https://www.nice.org.uk/guidance/cg143/chapter/recommendations): 'Treat an acute painful sickle cell episode "
    "as an acute medical emergency'"
)
SICKLE_CELL_WARNING = (
    "NHS England: 'Can you tell it's sickle cell?' campaign, as Thorpe Road Surgery gives it "
    "(https://www.thorperoadsurgery.nhs.uk/news/can-you-tell-its-sickle-cell): 'Sudden visual changes' and "
    "'Severe headache' are among the signs of 'a Sickle Cell crisis or complication' for which 'immediate action "
    "should be taken' ('A&E, 999 or their local haematology unit'); North West London Hospitals, medical "
    "emergencies in adults with sickle cell disease (http://sickle-thal.nwlh.nhs.uk/ForPatients/"
    "MedicalEmergenciesAdultSickleCell.aspx): a 'severe headache, dizziness or stiff neck' needs a doctor "
    "'straight away': the GP, or A&E if the GP cannot be reached"
)
SICKLE_CELL_CRISIS = (
    "NHS England: 'Can you tell it's sickle cell?' campaign, as GP Care Group gives it "
    "(https://www.gpcaregroup.org/news/can-you-tell-its-sickle-cell-know-the-signs-to-save-lives/): 'Pain' is "
    "first among the signs of a sickle cell crisis, 'Acting quickly can save lives'; University College London "
    "Hospitals (https://www.uclh.nhs.uk/patients-and-visitors/patient-information-pages/"
    "sickle-cell-disease-adulthood): 'pain that does not feel like the usual sickle pain' needs medical attention "
    "straight away; NICE CG143, information for the public: 'Most painful episodes can be treated at home'"
)
# Children: pain that wakes them or with feeling unwell is a red flag at any age under 16 (adults' night pain
# is asked on its own lines). The NHS Wales leaflet says "contact your GP for urgent review".
CHILD_RED_FLAGS = (
    "Cardiff and Vale University Health Board (NHS Wales): Back and neck pain in children "
    "(https://keepingmewell.com/childrens-support-services/muscle-joint-and-bone-conditions/"
    "back-and-neck-pain-in-children/): 'contact your GP for urgent review' if the child 'regularly wakes in the "
    "middle of the night due to their pain' or 'is generally unwell or has a fever'; North East and North "
    "Cumbria Healthier Together: Back pain, paediatric red flags (https://nenc-healthiertogether.nhs.uk/"
    "professionals/musculoskeletal-presentations-chronic-babies-and-children/back-pain): night pain and "
    "malaise 'warrant urgent assessment'"
)
LIMB_ISCHAEMIA = (
    "NHS wording on nidirect: Peripheral arterial disease "
    "(https://www.nidirect.gov.uk/conditions/peripheral-arterial-disease-pad): symptoms that come on quickly "
    "need 'immediate treatment'; Health New Zealand: Acute limb ischaemia (https://info.health.nz/"
    "conditions-treatments/blood/peripheral-vascular-disease/acute-limb-ischaemia): 'a medical emergency'"
)
TESTICLE_PAIN = (
    "NHS: Testicle pain, as Fernhouse Surgery gives it "
    "(https://www.fernhousesurgery.co.uk/News/45ec7942-6385-4f51-823b-11185ee7e73d)"
)
DIABETIC_FOOT = (
    "Queen Elizabeth Hospital King's Lynn NHS FT: I'm worried about my foot "
    "(http://www.qehkl.nhs.uk/DiabetesFeetWorried.asp?s=information&p=information)"
)
NHS_TB = "NHS: Tuberculosis (https://www.nhs.uk/conditions/tuberculosis-tb/)"
NHS_AAA_BURST = (
    "NHS: Abdominal aortic aneurysm (https://www.nhs.uk/conditions/abdominal-aortic-aneurysm/): call 999 for "
    "'sudden, severe pain in your tummy or back'"
)
UK_SEPSIS_TRUST = (
    "UK Sepsis Trust signs as Willington Medical Group gives them "
    "(https://www.willingtonmedicalgroup.nhs.uk/about-us/news/804/): 'It feels like you are going to die', "
    "call 999 or visit A&E"
)
# Alone, these are "see a GP"; with pain in the back just under the ribs, urgent. Few people can tell that pain
# from a back spasm's, so the line is asked at the urgent level (hazard H11).
NHS_KIDNEY_INFECTION_URGENT = (
    "NHS: Kidney infection (https://nhs.uk/conditions/kidney-infection/treatment): pain, burning or stinging "
    "when you pee, or dark or cloudy pee, with pain in the back just under the ribs: an urgent GP appointment "
    "or NHS 111"
)
# Cancer with nerve signs can be cancer pressing on the spinal cord (metastatic spinal cord compression): the
# leaflets say get advice at once, and 999 if the cancer team cannot be reached straight away.
SPINAL_CORD_COMPRESSION = (
    "Marie Curie: Metastatic spinal cord compression, as Harlington Hospice gives it "
    "(https://hpal.medindex.co.uk/p/a/spinal-cord-compression-information-for-patients-and-carers/69): contact "
    "the team immediately, 'Call 999 if you're not able to get through straight away', lie flat; an NHS Acute "
    "Oncology Service leaflet, Spinal cord compression (a copy: https://docplayer.net/amp/15595905-Acute-"
    "oncology-service-patient-information-leaflet.html): 'Get advice immediately'; Royal National Orthopaedic "
    "Hospital NHS Trust: MSCC patient information (https://www.rnoh.nhs.uk/services/spinal-surgical-unit/"
    "metastatic-spinal-cord-compression/mscc-patient-information)"
)


class Urgency(IntEnum):
    SELF_CARE = 0
    SEE_DOCTOR = 1
    URGENT = 2
    EMERGENCY = 3

    @property
    def disposition(self) -> str:
        """The stable name used in URLs, content files and data-disposition attributes."""
        return {0: "self-care", 1: "see-doctor", 2: "urgent", 3: "emergency"}[self.value]


# Answer values as they travel in the form.
YES, NO, NOT_SURE = "yes", "no", "not-sure"
YES_NO_NOT_SURE = ((YES, "Yes"), (NO, "No"), (NOT_SURE, "Not sure"))
SEVERITY_CHOICES = (("mild", "Mild"), ("moderate", "Moderate"), ("severe", "Severe"), (NOT_SURE, "Not sure"))
DURATION_CHOICES = (
    ("under-2-weeks", "Less than 2 weeks"),
    ("2-weeks-or-more", "2 weeks or more"),
    (NOT_SURE, "Not sure"),
)
AGE_CHOICES = (("under-20", "Under 20"), ("20-50", "20 to 50"), ("51-70", "51 to 70"), ("over-70", "Over 70"))

# The three steps: the emergency signs first, alone on the page, so a person who has one is told at once; then
# the signs that need help today; then how bad and how long, and the signs for a doctor's appointment.
EMERGENCY_STEP, URGENT_STEP, OTHER_STEP = 1, 2, 3
STEPS = (EMERGENCY_STEP, URGENT_STEP, OTHER_STEP)


@dataclass(frozen=True)
class Question:
    code: str
    choices: tuple[tuple[str, str], ...]
    default_text: str  # used until content/ or an editor gives the wording
    step: int
    group: str = ""  # a "tick any that apply" list this sign is one line of (see GROUPS)
    unsure: str = ""  # the words after "You were not sure" in the reasons
    section: str = ""  # the heading it sits under in its list (the emergency list is long)


@dataclass(frozen=True)
class Group:
    """Signs asked as one "tick any that apply" list, with "None of these" and "Not sure" to tick."""

    code: str
    default_text: str
    step: int
    unsure: str  # the words after "You were not sure" when "Not sure" is ticked


# Group answers as they travel in the form: the codes of the signs ticked, or one of these.
NONE_OF_THESE, GROUP_NOT_SURE = "none", "not-sure"

GROUPS: tuple[Group, ...] = (
    Group("emergency_signs", "Do you have any of these now, or have you had any of them today, even if they stopped?",
          EMERGENCY_STEP, "about the signs of an emergency"),
    Group("pain_signs", "Does any of this describe your pain?", URGENT_STEP, "about how your pain feels"),
    Group("health_signs", "Does any of this apply to you?", URGENT_STEP, "about your health"),
    Group("other_signs", "Do you have any of these?", OTHER_STEP, "about some of the other signs"),
)  # fmt: skip
GROUPS_BY_CODE = {g.code: g for g in GROUPS}


def _sign(code, text, group, section=""):
    """A line of a list to tick: ticked is "yes", and "Not sure" in its list is "not sure"."""
    return Question(code, YES_NO_NOT_SURE, text, GROUPS_BY_CODE[group].step, group, "", section)


CAUDA_EQUINA, HEART_LUNGS, STROKE, INFECTION, PREGNANCY, SICKLE_CELL, OTHER = (
    "Bladder, bowels, bottom and legs", "Heart, chest and breathing", "Face, arms and speech",
    "Fever and infection", "Pregnancy", "Sickle cell disease", "Other emergencies",
)  # fmt: skip
EMERGENCY_LIST, PAIN_LIST, HEALTH_LIST, OTHER_LIST = (g.code for g in GROUPS)

# Each sign is asked in plain words, with the other words people use for it, so a person recognises their own.
QUESTIONS: tuple[Question, ...] = (
    # --- Step 1: the emergency signs, one list to tick ---
    _sign("bladder_bowel", "Lost control of your bladder or bowels: peeing or pooing without meaning to", EMERGENCY_LIST,
          CAUDA_EQUINA),
    _sign("passing_urine", "Since the pain started, it is hard to start or stop peeing, or you cannot feel when you need "
          "to pee or poo, or cannot feel it coming out", EMERGENCY_LIST, CAUDA_EQUINA),
    # The Royal Free leaflet's other signs as people notice them: a stream hard to stop, no feeling as pee passes,
    # "altered feeling when using toilet paper": A&E immediately.
    _sign("saddle_numbness", "Numbness or pins and needles around your genitals, bottom or inner thighs, or you cannot "
          "feel the toilet paper properly when you wipe", EMERGENCY_LIST, CAUDA_EQUINA),
    _sign("both_legs", "Pain, numbness, tingling or weakness in both legs or both feet, or feet that feel like cotton "
          "wool", EMERGENCY_LIST, CAUDA_EQUINA),
    _sign("unsteady", "Your legs are unsteady, so you trip or lose your balance", EMERGENCY_LIST, CAUDA_EQUINA),
    _sign("sexual_function", "New problems with sex, or no feeling in your genitals", EMERGENCY_LIST, CAUDA_EQUINA),
    # The NHS: the pain of a heart attack can be mild, "similar to indigestion" (a story-based review: such a
    # person did not tick a line that named only chest pain).
    _sign("chest_pain", "Chest pain, or a heavy, tight or squeezing feeling in your chest, even if it is mild or feels "
          "like indigestion", EMERGENCY_LIST, HEART_LUNGS),
    _sign("heart_signs", "Pain spreading to your arm, jaw or neck, or with sweating, feeling sick, breathless or "
          "light-headed", EMERGENCY_LIST, HEART_LUNGS),
    _sign("tearing_pain", "Sudden, very bad pain like tearing or ripping, or the worst pain you have ever had",
          EMERGENCY_LIST, HEART_LUNGS),
    _sign("fainting", "Fainting, feeling faint or dizzy, or pale, cold and clammy skin", EMERGENCY_LIST, HEART_LUNGS),
    _sign("breathing", "Suddenly short of breath, breathing very fast, pain when you breathe in, or coughing up blood",
          EMERGENCY_LIST, HEART_LUNGS),
    _sign("stroke", "Your face has dropped on one side, or your speech is slurred or your words come out wrong",
          EMERGENCY_LIST, STROKE),
    _sign("sudden_weakness", "An arm, a leg or one side of your body suddenly weak or numb", EMERGENCY_LIST, STROKE),
    _sign("fever", "A fever: a high temperature, or feeling hot and shivery", EMERGENCY_LIST, INFECTION),
    _sign("shivering", "Shivering or shaking all over that you cannot stop, even if you feel cold", EMERGENCY_LIST,
          INFECTION),
    _sign("confused", "Confused, muddled, very drowsy or not making sense", EMERGENCY_LIST, INFECTION),
    _sign("skin_colour", "Blue, grey, pale or blotchy skin, lips or tongue, or a rash that does not fade under a glass",
          EMERGENCY_LIST, INFECTION),
    _sign("no_pee", "You have not peed all day", EMERGENCY_LIST, INFECTION),
    _sign("feels_like_dying", "You feel so ill that you think you might die", EMERGENCY_LIST, INFECTION),
    _sign("ectopic", "You could be pregnant, and have sudden pain low on one side, pain in a shoulder tip, or feel faint",
          EMERGENCY_LIST, PREGNANCY),
    _sign("pregnancy_bleeding", "You are pregnant and are bleeding heavily from your vagina or passing clots, or have "
          "tummy pain that is sharp or constant, and does not come and go in waves", EMERGENCY_LIST, PREGNANCY),
    _sign("sickle_cell_severe", "You have sickle cell disease (or sickle cell anaemia), and the pain is very bad or your "
          "usual painkillers are not helping", EMERGENCY_LIST, SICKLE_CELL),
    _sign("sickle_cell_warning", "You have sickle cell disease (or sickle cell anaemia), and you have a very bad "
          "headache or your sight has suddenly changed", EMERGENCY_LIST, SICKLE_CELL),
    _sign("serious_accident", "The pain started after a serious accident, such as a car crash or a fall from a height",
          EMERGENCY_LIST, OTHER),
    _sign("sudden_belly_pain", "Sudden, very bad pain in your tummy (belly)", EMERGENCY_LIST, OTHER),
    _sign("testicle_pain", "Sudden, very bad pain in a testicle (ball)", EMERGENCY_LIST, OTHER),
    _sign("cold_leg", "A leg or foot has suddenly become cold, pale or blue, and painful or numb", EMERGENCY_LIST, OTHER),
    # --- Step 2: the signs that need help today ---
    _sign("leg_pain", "It spreads down a leg, below the knee", PAIN_LIST),
    _sign("leg_weakness", "A leg or foot has become weak, numb or tingly, for example your foot drags or slaps when you "
          "walk", PAIN_LIST),
    _sign("night_rest", "It does not get better when you rest or lie down, or it is worse at night", PAIN_LIST),
    _sign("cough_sneeze", "It gets worse when you sneeze, cough or poo", PAIN_LIST),
    _sign("upper_back", "It is high in your back, between your shoulders", PAIN_LIST),
    _sign("band_pain", "It goes around your body like a tight band", PAIN_LIST),
    _sign("belly_pain", "You also have pain or a throbbing feeling in your belly (tummy)", PAIN_LIST),
    _sign("kidney_pain", "It is in your side or lower back and comes and goes in waves", PAIN_LIST),
    _sign("shingles", "It burns, stings or tingles on one side of your body, or there is a rash or blisters there",
          PAIN_LIST),
    _sign("lump_shape", "There is a lump or swelling on your back, or your back has changed shape", PAIN_LIST),
    _sign("minor_fall", "It started after a smaller fall, a slip or a knock to your back", HEALTH_LIST),
    _sign("blood_in_pee", "There is blood in your pee, or your pee looks pink, red or brown", HEALTH_LIST),
    _sign("weight_loss", "You have lost weight without trying", HEALTH_LIST),
    _sign("cancer", "You have had cancer, even if it was years ago", HEALTH_LIST),
    _sign("weak_immunity", "Your immune system is weak, for example from chemotherapy, HIV or a transplant", HEALTH_LIST),
    _sign("injects_drugs", "You inject drugs, or have done recently", HEALTH_LIST),
    _sign("recent_infection", "You have had an infection recently, such as a urine infection (UTI)", HEALTH_LIST),
    _sign("urine_infection", "It hurts, burns or stings when you pee, you need to pee more often, or your pee is dark or "
          "cloudy", HEALTH_LIST),
    _sign("spine_surgery", "You have had an operation or an injection in your spine, and now have a fever, a red, swollen "
          "or leaking wound, or worse pain", HEALTH_LIST),
    _sign("pregnancy", "You are pregnant and are bleeding from your vagina, your waters have broken, your baby is moving "
          "less than usual, or you have tightenings or pains that come and go", HEALTH_LIST),
    _sign("early_labour", "You are less than 37 weeks pregnant and feel pressure low down, or have more discharge from "
          "your vagina than usual", HEALTH_LIST),
    _sign("pre_eclampsia", "You are pregnant or had a baby in the last 4 weeks, and have a very bad headache, blurred "
          "vision or flashing lights, pain just below your ribs, or your face, hands or feet suddenly swell",
          HEALTH_LIST),
    _sign("ectopic_signs", "You could be pregnant, and have pain low down on one side, or bleeding or a brown, watery "
          "discharge from your vagina", HEALTH_LIST),
    _sign("blood_thinner", "You take a medicine that thins your blood (such as warfarin, apixaban, rivaroxaban, edoxaban or "
          "dabigatran), and you have had a fall or the pain came on suddenly and badly", HEALTH_LIST),
    _sign("diabetes_foot", "You have diabetes and a sore (ulcer) or wound on your foot that will not heal, or is red, "
          "swollen or hot", HEALTH_LIST),
    _sign("child_signs", "You are under 16, and the pain wakes you in the night, or you feel unwell", HEALTH_LIST),
    _sign("sickle_cell", "You have sickle cell disease, and this pain feels like a crisis or is not like your usual "
          "sickle cell pain", HEALTH_LIST),
    # --- Step 3: how bad and how long, and the signs for a doctor's appointment ---
    Question("severity", SEVERITY_CHOICES, "How bad is the pain?", OTHER_STEP, unsure="how bad your pain is"),
    Question("duration", DURATION_CHOICES, "How long have you had the pain?", OTHER_STEP,
             unsure="how long you have had the pain"),
    Question("age", AGE_CHOICES, "How old are you?", OTHER_STEP),
    # Its own question, not a line to tick: with a fall it is an emergency, so it must be answered on its own.
    Question("weak_bones", YES_NO_NOT_SURE, "Do you have weak bones (osteoporosis), or do you take steroid tablets, or "
             "have you taken them for a long time?", OTHER_STEP, unsure="if you have weak bones or take steroid tablets"),
    _sign("sleep", "The pain stops you sleeping or wakes you up", OTHER_LIST),
    _sign("limb_weakness", "An arm or a hand feels weak or numb", OTHER_LIST),
    _sign("getting_worse", "The pain keeps getting worse, day after day", OTHER_LIST),
    _sign("night_sweats", "You sweat so much at night that your sheets or night clothes get soaked", OTHER_LIST),
    _sign("tb_contact", "You have been close to someone who has tuberculosis (TB)", OTHER_LIST),
    _sign("daily_activities", "The pain stops you doing your usual everyday things, such as work or jobs at home",
          OTHER_LIST),
    _sign("hard_to_cope", "You are worried about the pain, or finding it hard to cope with it", OTHER_LIST),
)  # fmt: skip
QUESTION_CODES = tuple(q.code for q in QUESTIONS)
QUESTIONS_BY_CODE = {q.code: q for q in QUESTIONS}
VALID_ANSWERS = {q.code: frozenset(value for value, _ in q.choices) for q in QUESTIONS}
GROUP_MEMBERS = {g.code: tuple(q.code for q in QUESTIONS if q.group == g.code) for g in GROUPS}


@dataclass(frozen=True)
class RedFlag:
    code: str
    when: tuple[tuple[str, frozenset[str]], ...]  # (question, answers): the rule applies when all hold
    urgency: Urgency
    reason: str  # shown to the person: why this verdict
    source: str
    sign: str = ""  # how the sign reads in the lists of warning signs on every page ("" for "not sure")
    headline: bool = False  # one of the few signs of the short emergency card on every page

    @property
    def beyond_main_source(self) -> bool:  # added from a cited guideline, shown as such
        return self.source != MAIN_SOURCE

    @property
    def questions(self) -> tuple[str, ...]:
        return tuple(question for question, _ in self.when)

    def applies(self, answers: Mapping[str, str]) -> bool:
        # A loop, not all() over a generator: the exhaustive tests call this some 20 million times.
        for question, values in self.when:  # noqa: SIM110 (why: above)
            if answers.get(question) not in values:
                return False
        return True


def _rule(code, question, answers, urgency, reason, source, sign, *also, headline=False):
    return RedFlag(code, ((question, frozenset(answers)), *also), urgency, reason, source, sign, headline)


EMERGENCY, URGENT, SEE_DOCTOR = Urgency.EMERGENCY, Urgency.URGENT, Urgency.SEE_DOCTOR
_WEAK_BONES = ("weak_bones", frozenset({YES}))
_OLDER = ("age", frozenset({"over-70"}))
CES = f"{NHS_BACK_PAIN}; {NHS_CES}; {GIRFT_CES}"

RULES_FOR_SIGNS: tuple[RedFlag, ...] = (
    # --- Emergency: from the main source ---
    _rule("fever", "fever", {YES}, EMERGENCY, "You said you have a fever as well as back spasms.", MAIN_SOURCE,
          "a fever (a high temperature) as well as the back spasms", headline=True),
    _rule("bladder_bowel", "bladder_bowel", {YES}, EMERGENCY,
          "You said you have lost control of your bladder or bowels.", MAIN_SOURCE,
          "you have lost control of your bladder or bowels (you pee or poo without meaning to)", headline=True),
    # --- Emergency: cauda equina syndrome, beyond the main source ---
    _rule("passing_urine", "passing_urine", {YES}, EMERGENCY,
          "You said you have new problems peeing, or feeling when you need to pee or poo, or feeling it come out.",
          f"{CES}; {NICE_CKS}; {ROYAL_FREE_CES}",
          "since the pain started, it is hard to start or stop peeing, or you no longer feel when you need to pee or "
          "poo, or no longer feel it coming out"),
    _rule("saddle_numbness", "saddle_numbness", {YES}, EMERGENCY,
          "You said the skin around your genitals or bottom is numb or tingling, or you cannot feel the toilet paper "
          "properly when you wipe.",
          f"{CES}; {NICE_CKS}; {ROYAL_FREE_CES}",
          "numbness or tingling around your genitals, bottom or inner thighs, or you cannot feel the toilet paper "
          "properly when you wipe",
          headline=True),
    _rule("both_legs", "both_legs", {YES}, EMERGENCY,
          "You said you have pain, tingling, weakness or numbness in both legs or both feet.", f"{CES}; {NICE_CKS}",
          "numbness, tingling, weakness or pain in both legs or both feet"),
    _rule("unsteady", "unsteady", {YES}, EMERGENCY, "You said your legs have become unsteady when you walk.",
          f"{NICE_RED_FLAGS}; {NORTHERN_TRUST}", "your legs have become unsteady, so you trip or lose your balance"),
    _rule("sexual_function", "sexual_function", {YES}, EMERGENCY,
          "You said you have new problems with sex or feeling in your genitals.", f"{ROYAL_FREE_CES}; {GIRFT_CES}",
          "new problems with sex, or no feeling in your genitals"),
    # --- Emergency: the heart, the aorta and the lungs, beyond the main source ---
    _rule("chest_pain", "chest_pain", {YES}, EMERGENCY, "You said you have pain or tightness in your chest.",
          f"{NHS_BACK_PAIN}; {NHS_HEART_ATTACK}; {NHS_HEART_ATTACK_MILD}; {BHF_HEART_ATTACK}",
          "chest pain, or heaviness, pressure or tightness in your chest, even if it is mild or feels like indigestion",
          headline=True),
    _rule("heart_signs", "heart_signs", {YES}, EMERGENCY,
          "You said the pain spreads to your arm, jaw or neck, or comes with sweating, feeling sick, "
          "short of breath or light-headed: these can be signs of a heart attack, even with no chest pain.",
          f"{NHS_HEART_ATTACK}; {BHF_HEART_ATTACK}",
          "the pain spreads to your arm, jaw or neck, or comes with sweating, feeling sick, short of breath or light-headed",
          headline=True),
    _rule("tearing_pain", "tearing_pain", {YES}, EMERGENCY,
          "You said the pain came on suddenly and feels like tearing, or is the worst you have ever had.",
          f"{NHS_AAA}; {NHS_DISSECTION}",
          "sudden, very bad pain that feels like tearing or ripping, or the worst pain you have ever had",
          headline=True),
    _rule("fainting", "fainting", {YES}, EMERGENCY,
          "You said you have fainted or feel faint or dizzy, or your skin is pale, cold and clammy.",
          f"{NHS_AAA}; {NHS_DISSECTION}; {NHS_HEART_ATTACK}",
          "you have fainted, feel faint or dizzy, or your skin is pale, cold and clammy"),
    _rule("breathing", "breathing", {YES}, EMERGENCY,
          "You said you are suddenly short of breath, it hurts to breathe in, or you are coughing up blood.",
          f"{NHS_PE}; {NHS_SEPSIS}",
          "sudden shortness of breath or very fast breathing, pain when you breathe in, or coughing up blood"),
    # --- Emergency: stroke, beyond the main source ---
    _rule("stroke", "stroke", {YES}, EMERGENCY,
          "You said your face has dropped on one side or your speech has changed: these can be signs of a stroke.",
          NHS_STROKE, "your face drops on one side, or your speech is slurred or your words come out wrong",
          headline=True),
    _rule("sudden_weakness", "sudden_weakness", {YES}, EMERGENCY,
          "You said an arm, a leg or one side of your body has suddenly gone weak or numb.", NHS_STROKE,
          "an arm, a leg or one side of your body suddenly goes weak or numb"),
    # --- Emergency: sepsis, beyond the main source ---
    _rule("confused", "confused", {YES}, EMERGENCY,
          "You said you are confused, very drowsy or not making sense: this can be a sign of sepsis or a stroke.",
          f"{NHS_SEPSIS}; {NHS_KIDNEY_INFECTION}; {NHS_STROKE}", "you are confused, very drowsy or not making sense"),
    _rule("skin_colour", "skin_colour", {YES}, EMERGENCY,
          "You said your skin, lips or tongue look blue, grey, pale or blotchy, or you have a rash that does not fade.",
          NHS_SEPSIS, "skin, lips or tongue that look blue, grey, pale or blotchy, or a rash that does not fade under a glass"),
    _rule("shivering", "shivering", {YES}, EMERGENCY,
          "You said you are shivering or shaking all over and cannot stop: this can be a sign of sepsis, even if you "
          "feel cold.", SEPSIS_SHIVERING, "shivering or shaking all over that you cannot stop, even if you feel cold"),
    _rule("no_pee", "no_pee", {YES}, EMERGENCY, "You said you have not peed all day.", NHS_SEPSIS,
          "you have not peed all day"),
    _rule("feels_like_dying", "feels_like_dying", {YES}, EMERGENCY,
          "You said you feel so ill that you think you might die: this can be a sign of sepsis.", UK_SEPSIS_TRUST,
          "you feel so ill that you think you might die"),
    # --- Emergency: other causes, beyond the main source ---
    _rule("serious_accident", "serious_accident", {YES}, EMERGENCY,
          "You said the pain started after a serious accident.", f"{NHS_BACK_PAIN}; {NORTHERN_TRUST}",
          "the pain started after a serious accident, such as a car crash or a fall from a height"),
    _rule("sudden_belly_pain", "sudden_belly_pain", {YES}, EMERGENCY,
          "You said you have sudden, very bad pain in your tummy: with back pain, this can be a swollen main blood "
          "vessel (an aortic aneurysm) that has burst.", NHS_AAA_BURST, "sudden, very bad pain in your tummy (belly)"),
    _rule("testicle_pain", "testicle_pain", {YES}, EMERGENCY, "You said you have sudden, very bad pain in a testicle.",
          TESTICLE_PAIN, "sudden, very bad pain in a testicle"),
    _rule("ectopic", "ectopic", {YES}, EMERGENCY,
          "You said you could be pregnant and have sudden pain on one side, pain in a shoulder tip, or feel faint.",
          NHS_ECTOPIC, "you could be pregnant and have sudden pain low on one side, pain in a shoulder tip, or feel faint"),
    _rule("pregnancy_bleeding", "pregnancy_bleeding", {YES}, EMERGENCY,
          "You said you are pregnant and bleeding heavily or passing clots, or have tummy pain that is sharp or "
          "constant and does not come and go in waves.", PREGNANCY_EMERGENCY,
          "you are pregnant and bleeding heavily or passing clots, or have tummy pain that is sharp or constant and "
          "does not come and go in waves"),
    _rule("cold_leg", "cold_leg", {YES}, EMERGENCY,
          "You said a leg or foot has suddenly become cold, pale or blue, and painful or numb.", LIMB_ISCHAEMIA,
          "a leg or foot that is suddenly cold, pale or blue, and painful or numb"),
    _rule("sickle_cell_severe", "sickle_cell_severe", {YES}, EMERGENCY,
          "You said you have sickle cell disease, and the pain is very bad or your usual painkillers are not helping: "
          "this could be a sickle cell crisis that needs treatment in hospital. Tell the staff you have sickle cell "
          "disease.", SICKLE_CELL_HOSPITAL,
          "you have sickle cell disease, and the pain is very bad or your usual painkillers are not helping"),
    _rule("sickle_cell_warning", "sickle_cell_warning", {YES}, EMERGENCY,
          "You said you have sickle cell disease, and a very bad headache or a sudden change in your sight: this "
          "could be a serious problem caused by sickle cell disease that needs treatment straight away. Tell the staff you "
          "have sickle cell disease.", SICKLE_CELL_WARNING,
          "you have sickle cell disease (or sickle cell anaemia), and you have a very bad headache or your sight "
          "has suddenly changed"),
    _rule("minor_fall_weak_bones", "minor_fall", {YES}, EMERGENCY,
          "You said the pain started after a fall or a knock, and you have weak bones or have taken steroid "
          "tablets.", f"{NORTHERN_TRUST}; {NICE_RED_FLAGS}; {NHS_GGC}",
          "the pain started after a fall or a knock, and you have weak bones or take steroid tablets", _WEAK_BONES),
    _rule("minor_fall_older", "minor_fall", {YES}, EMERGENCY,
          "You said the pain started after a fall or a knock, and you are over 70.",
          f"{NORTHERN_TRUST}; {MAYO}", "the pain started after a fall or a knock, and you are over 70", _OLDER),
    *(
        _rule(f"cancer_{sign}", "cancer", {YES}, EMERGENCY,
              "You said you have had cancer, and you have pain down a leg or around your body, or an arm or a leg "
              "that is weak, numb or tingly. This can be a sign that cancer is pressing on the nerves in your "
              "spine, which needs treating at once. Tell them you have had cancer. While you wait, lie flat and "
              "keep your back as still as you can.", SPINAL_CORD_COMPRESSION,
              "you have had cancer, and now have pain down a leg or around your body, or a weak or numb arm or leg",
              (sign, frozenset({YES})))
        for sign in ("leg_pain", "band_pain", "leg_weakness", "limb_weakness")
    ),
    # --- Urgent (today): an urgent GP appointment or the urgent-care line, beyond the main source ---
    _rule("minor_fall", "minor_fall", {YES}, URGENT, "You said the pain started after a fall or a knock.",
          f"{MAYO}; {HEALTHDIRECT}; {SA_HEALTH}", "the pain started after a fall or a knock to your back"),
    _rule("leg_pain", "leg_pain", {YES}, URGENT, "You said the pain spreads down a leg, below the knee.",
          f"{HEALTHDIRECT}; {MAYO}", "pain that spreads down a leg, below the knee"),
    _rule("leg_weakness", "leg_weakness", {YES}, URGENT, "You said a leg or foot has become weak, numb or tingly.",
          f"{NICE_CKS}; {MAYO}; {GATESHEAD_BACK_PAIN}",
          "a leg or foot that has become weak, numb or tingly, for example a foot that drags"),
    _rule("night_rest", "night_rest", {YES}, URGENT,
          "You said the pain does not get better with rest, or is worse at night.",
          f"{NHS_BACK_PAIN}; {NICE_RED_FLAGS}; {HEALTHDIRECT}; {MAYO}",
          "pain that does not get better when you rest or lie down, or is worse at night"),
    _rule("cough_sneeze", "cough_sneeze", {YES}, URGENT,
          "You said the pain gets worse when you sneeze, cough or poo.", NHS_BACK_PAIN,
          "pain that gets worse when you sneeze, cough or poo"),
    _rule("upper_back", "upper_back", {YES}, URGENT, "You said the pain is high in your back, between your "
          "shoulders.", NHS_BACK_PAIN, "pain high in your back, between your shoulders"),
    _rule("band_pain", "band_pain", {YES}, URGENT, "You said the pain goes around your body like a band.",
          NORTHERN_TRUST, "pain that goes around your body like a tight band"),
    _rule("belly_pain", "belly_pain", {YES}, URGENT,
          "You said you also have pain or a throbbing feeling in your belly.", f"{MAYO}; {NHS_AAA}",
          "pain or a throbbing feeling in your belly (tummy) as well"),
    _rule("kidney_pain", "kidney_pain", {YES}, URGENT,
          "You said the pain is in your side or lower back and comes in waves: this can be a kidney stone.",
          NHS_KIDNEY_STONES, "pain in your side or lower back that comes and goes in waves"),
    _rule("shingles", "shingles", {YES}, URGENT,
          "You said the pain burns or tingles on one side, or there is a rash there: this can be shingles, and "
          "medicine for it works best if you start it within 3 days of the rash.", NHS_SHINGLES,
          "burning or tingling on one side of your body, or a rash or blisters there"),
    _rule("lump_shape", "lump_shape", {YES}, URGENT,
          "You said there is a lump or swelling on your back, or it has changed shape.",
          f"{NHS_BACK_PAIN}; {NICE_RED_FLAGS}; {HEALTHDIRECT}",
          "a lump or swelling on your back, or your back has changed shape"),
    _rule("blood_in_pee", "blood_in_pee", {YES}, URGENT, "You said there is blood in your pee.",
          f"{NHS_KIDNEY_STONES}; {NHS_KIDNEY_INFECTION}", "blood in your pee"),
    _rule("weight_loss", "weight_loss", {YES}, URGENT, "You said you have lost weight without trying.",
          f"{NHS_BACK_PAIN}; {NICE_RED_FLAGS}; {HEALTHDIRECT}; {SA_HEALTH}", "you have lost weight without trying"),
    _rule("cancer", "cancer", {YES}, URGENT, "You said you have had cancer.",
          f"{NICE_RED_FLAGS}; {HEALTHDIRECT}; {MAYO}; {SA_HEALTH}", "you have had cancer, even years ago"),
    _rule("weak_bones", "weak_bones", {YES}, URGENT,
          "You said you have weak bones (osteoporosis), or take steroid tablets or have taken them for a long time.",
          f"{HEALTHDIRECT}; {NICE_RED_FLAGS}", "you have weak bones (osteoporosis), or take steroid tablets or have taken them for a long time"),
    _rule("weak_immunity", "weak_immunity", {YES}, URGENT, "You said your immune system is weak.",
          NICE_RED_FLAGS, "your immune system is weak"),
    _rule("injects_drugs", "injects_drugs", {YES}, URGENT, "You said you inject drugs.", NICE_RED_FLAGS,
          "you inject drugs"),
    _rule("recent_infection", "recent_infection", {YES}, URGENT, "You said you have had an infection recently.",
          f"{NICE_RED_FLAGS}; {HEALTHDIRECT}; {MAYO}; {NHS_KIDNEY_INFECTION}",
          "you have had an infection recently, such as a urine infection"),
    _rule("urine_infection", "urine_infection", {YES}, URGENT,
          "You said it hurts or burns when you pee, you pee more often, or your pee is dark or cloudy: with back "
          "pain, this can be a kidney infection.", NHS_KIDNEY_INFECTION_URGENT,
          "it hurts, burns or stings when you pee, you need to pee more often, or your pee is dark or cloudy"),
    _rule("spine_surgery", "spine_surgery", {YES}, URGENT,
          "You said you have had an operation or injection in your spine and now have a fever, a wound problem "
          "or worse pain.", f"{NICE_RED_FLAGS}; {SPINE_AFTERCARE}",
          "after an operation or injection in your spine: a fever, a red or leaking wound, or worse pain"),
    _rule("pregnancy", "pregnancy", {YES}, URGENT,
          "You said you are pregnant and are bleeding, your waters have broken, your baby is moving less, or you have "
          "tightenings or pains that come and go: call your midwife or maternity unit now, before anything else on "
          "this page.", PREMATURE_LABOUR,
          "you are pregnant and bleeding, your waters have broken, your baby is moving less, or you have tightenings "
          "or pains that come and go"),
    _rule("early_labour", "early_labour", {YES}, URGENT,
          "You said you are less than 37 weeks pregnant and feel pressure low down, or have more discharge than "
          "usual: these can be signs of early labour. Call your midwife or maternity unit now, before anything else "
          "on this page.", EARLY_LABOUR,
          "you are less than 37 weeks pregnant and feel pressure low down, or have more discharge than usual"),
    _rule("pre_eclampsia", "pre_eclampsia", {YES}, URGENT,
          "You said you are pregnant or have just had a baby, and have a very bad headache, problems seeing, pain "
          "below your ribs or sudden swelling: these can be signs of pre-eclampsia, a problem in pregnancy linked to "
          "high blood pressure. Call your midwife, GP surgery or 111 now.", NHS_PRE_ECLAMPSIA,
          "you are pregnant or had a baby in the last 4 weeks, and have a very bad headache, problems seeing, pain "
          "just below your ribs, or sudden swelling of your face, hands or feet"),
    _rule("ectopic_signs", "ectopic_signs", {YES}, URGENT,
          "You said you could be pregnant and have pain low on one side, or bleeding or a brown discharge: a "
          "pregnancy outside the womb (ectopic) needs checking today, by a GP, a pregnancy unit or 111.",
          NHS_ECTOPIC, "you could be pregnant, and have pain low on one side, or bleeding or a brown discharge"),
    _rule("blood_thinner", "blood_thinner", {YES}, URGENT,
          "You said you take a blood thinner and have had a fall, or the pain came on suddenly and badly.",
          ANTICOAGULANTS, "you take a blood thinner and have had a fall, or sudden bad pain"),
    _rule("diabetes_foot", "diabetes_foot", {YES}, URGENT,
          "You said you have diabetes and a sore on your foot that will not heal: a foot team or GP should see it "
          "within a day.", f"{DIABETIC_FOOT}; {NICE_RED_FLAGS}", "you have diabetes and a foot sore that will not heal"),
    _rule("child_signs", "child_signs", {YES}, URGENT,
          "You said you are under 16, and the pain wakes you in the night or you feel unwell: a GP should see you "
          "today.", CHILD_RED_FLAGS, "you are under 16, and the pain wakes you in the night or you feel unwell"),
    _rule("sickle_cell", "sickle_cell", {YES}, URGENT,
          "You said you have sickle cell disease, and this pain could be a crisis: call your sickle cell team now, "
          "before anything else on this page, or 111 if you cannot reach them.", SICKLE_CELL_CRISIS,
          "you have sickle cell disease, and this pain feels like a crisis or is not like your usual sickle cell pain"),
    # --- See a doctor: from the main source ---
    _rule("severe_pain", "severity", {"severe"}, SEE_DOCTOR, "You said your pain is severe.", MAIN_SOURCE,
          "the pain is severe"),
    _rule("limb_weakness", "limb_weakness", {YES}, SEE_DOCTOR,
          "You said you have weakness or numbness in an arm or a hand.", MAIN_SOURCE,
          "weakness or numbness in an arm or a hand"),
    _rule("sleep", "sleep", {YES}, SEE_DOCTOR, "You said the pain gets in the way of your sleep.", MAIN_SOURCE,
          "the pain stops you sleeping or wakes you up"),
    _rule("long_duration", "duration", {"2-weeks-or-more"}, SEE_DOCTOR,
          "You said you have had the pain for 2 weeks or more.", MAIN_SOURCE,
          "the pain lasts longer than about 2 weeks"),
    # --- See a doctor: beyond the main source ---
    _rule("getting_worse", "getting_worse", {YES}, SEE_DOCTOR, "You said the pain keeps getting worse.",
          NHS_BACK_PAIN, "the pain keeps getting worse"),
    _rule("age", "age", {"under-20", "51-70", "over-70"}, SEE_DOCTOR,
          "You are under 20 or over 50: back pain at these ages should be checked by a doctor.", NICE_RED_FLAGS,
          "you are under 20 or over 50"),
    _rule("night_sweats", "night_sweats", {YES}, SEE_DOCTOR, "You said you have heavy sweats at night.",
          f"{NICE_RED_FLAGS}; {NHS_TB}", "heavy sweats at night that soak your sheets"),
    _rule("tb_contact", "tb_contact", {YES}, SEE_DOCTOR, "You said you have been close to someone with TB.",
          f"{NICE_RED_FLAGS}; {NHS_TB}", "you have been close to someone with tuberculosis (TB)"),
    _rule("daily_activities", "daily_activities", {YES}, SEE_DOCTOR,
          "You said the pain stops you doing your usual everyday things.", NHS_GET_HELP,
          "the pain stops you doing your usual everyday things"),
    _rule("hard_to_cope", "hard_to_cope", {YES}, SEE_DOCTOR,
          "You said you are worried about the pain, or finding it hard to cope with it.", NHS_GET_HELP,
          "you are worried about the pain, or finding it hard to cope"),
)  # fmt: skip


# When in doubt, see a doctor (main source); unsure of an emergency sign (the first question of an emergency
# rule): get help today. A list's signs share its "Not sure", so they share one reason.
_EMERGENCY_RULE_SIGNS = {rule.when[0][0] for rule in RULES_FOR_SIGNS if rule.urgency == EMERGENCY}
RULES: tuple[RedFlag, ...] = RULES_FOR_SIGNS + tuple(
    _rule(
        f"unsure_{q.code}",
        q.code,
        {NOT_SURE},
        URGENT if q.code in _EMERGENCY_RULE_SIGNS else SEE_DOCTOR,
        f"You were not sure {GROUPS_BY_CODE[q.group].unsure if q.group else q.unsure}.",
        MAIN_SOURCE,
        "",
    )
    for q in QUESTIONS
    if NOT_SURE in VALID_ANSWERS[q.code]
)

# The questions of the emergency step: a sign ticked there ends the questions.
EMERGENCY_QUESTIONS = tuple(q.code for q in QUESTIONS if q.step == EMERGENCY_STEP)

# The answers that alone make an emergency (the page marks them, so its script can show the advice at once).
_ALONE = [rule.when[0] for rule in RULES_FOR_SIGNS if rule.urgency == EMERGENCY and len(rule.when) == 1]
EMERGENCY_ANSWERS = {q: frozenset().union(*(a for each, a in _ALONE if each == q)) for q, _ in _ALONE}

MISSING_ANSWER_REASON = "We could not read all of your answers, so we cannot rule out a problem."
EARLY_EMERGENCY_REASON = "You do not need to answer the other questions: get help now."


def headline_signs() -> tuple[str, ...]:
    """The emergency signs of the short emergency card on every page (the table's `headline` column)."""
    return tuple(rule.sign for rule in RULES_FOR_SIGNS if rule.headline)


def signs_at(urgency: Urgency) -> tuple[str, ...]:
    """The warning signs of one level, as the lists on every page show them, in the table's order."""
    return tuple(
        dict.fromkeys(rule.sign for rule in RULES_FOR_SIGNS if rule.urgency == urgency and rule.sign)
    )


@dataclass(frozen=True)
class Verdict:
    urgency: Urgency
    flags: tuple[RedFlag, ...]  # the rules that apply, most urgent first
    reasons: tuple[str, ...]  # why, in the person's terms, for the deciding level

    @property
    def disposition(self) -> str:
        return self.urgency.disposition

    @property
    def guideline_sources(self) -> tuple[str, ...]:
        """Sources beyond the main source text behind the deciding rules, to be shown as such."""
        sources = [
            rule.source for rule in self.flags if rule.urgency == self.urgency and rule.beyond_main_source
        ]
        return tuple(dict.fromkeys(part.strip() for source in sources for part in source.split(";")))


def evaluate(*, answers: Mapping[str, str]) -> Verdict:
    """The verdict for a set of answers: the most urgent level of the rules that apply.

    The form refuses incomplete answers before this is called; if one still arrives missing or with a
    value the question does not offer, it counts as "not sure", so it can never lead to self-care.
    """
    valid = _valid(answers)
    cleaned = {code: valid.get(code, NOT_SURE) for code in QUESTION_CODES}
    # Every rule the answers meet, most urgent first (the table's order within a level).
    flags = tuple(sorted((rule for rule in RULES if rule.applies(cleaned)), key=lambda rule: -rule.urgency))
    # A missing answer to a question with no "Not sure" (age) still counts as doubt.
    doubt = len(valid) < len(QUESTION_CODES)
    urgency = flags[0].urgency if flags else Urgency.SELF_CARE
    if doubt:
        urgency = max(urgency, SEE_DOCTOR)
    reasons = tuple(dict.fromkeys(rule.reason for rule in flags if rule.urgency == urgency))
    if doubt and urgency < EMERGENCY:
        reasons += (MISSING_ANSWER_REASON,)
    return Verdict(urgency=urgency, flags=flags, reasons=reasons)


def _valid(answers: Mapping) -> dict[str, str]:
    """The answers given with a value their question offers. Only text counts: anything else (a list, a
    number) is no answer, so it counts as "not sure"."""
    return {
        code: value
        for code, value in answers.items()
        if isinstance(value, str) and value in VALID_ANSWERS.get(code, ())
    }


def emergency_in(answers: Mapping[str, str]) -> Verdict | None:
    """The emergency verdict if the answers given so far already hold an emergency sign, else None.

    Used before every question is answered: a person who has told us of an emergency sign is told to get
    help now, never asked to answer the rest first.
    """
    given = _valid(answers)
    flags = tuple(rule for rule in RULES_FOR_SIGNS if rule.urgency == EMERGENCY and rule.applies(given))
    if not flags:
        return None
    missing = len(given) < len(QUESTION_CODES)
    reasons = tuple(rule.reason for rule in flags) + ((EARLY_EMERGENCY_REASON,) if missing else ())
    return Verdict(urgency=EMERGENCY, flags=flags, reasons=reasons)


def answers_from_form_data(data: Mapping) -> dict[str, str]:
    """Each sign's answer from posted form data, where a group's signs arrive as one list of ticks.

    A ticked sign is "yes". The signs not ticked are "not sure" when "Not sure" is ticked, and otherwise "no"
    once anything the list offers is ticked (a sign, or "None of these"). A list with nothing ticked leaves
    its signs unanswered: a missing answer, never "no". `data` is a QueryDict or a dict of lists.
    """
    answers = {q.code: data.get(q.code) for q in QUESTIONS if not q.group}
    for group, members in GROUP_MEMBERS.items():
        ticked = set(ticks(data, group))
        for code in members:
            if code in ticked:
                answers[code] = YES
            elif GROUP_NOT_SURE in ticked:
                answers[code] = NOT_SURE
            elif ticked & {NONE_OF_THESE, *members}:
                answers[code] = NO
    return {code: value for code, value in answers.items() if value is not None}


def ticks(data: Mapping, name: str) -> list[str]:
    """A list's ticks as Django's CheckboxSelectMultiple reads them (anything but a list is no ticks)."""
    if hasattr(data, "getlist"):
        return data.getlist(name)
    value = data.get(name)
    return list(value) if isinstance(value, (list, tuple)) else []
