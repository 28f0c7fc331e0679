"""What the structured data says about back spasms, taken from the published articles.

Each entry is (name given to search engines, slug of the article it comes from, words that appear in that
article's text). seo/tests/test_structured_data.py checks every entry against the article, so nothing
here can say more than the pages do. Change the articles first, then this table.
"""

CONDITION_NAME = "Back spasm"
CONDITION_DESCRIPTION_SLUG = "what-is-a-back-spasm"  # its summary describes the condition

SIGNS_AND_SYMPTOMS = [
    ("Back pain, mild or severe", "symptoms", "pain is the main symptom"),
    ("Tense, tight back muscle", "symptoms", "tense and tight"),
    ("Muscle that feels hard or tender to touch", "symptoms", "feel tender"),
    ("Muscle that looks out of shape", "symptoms", "looks out of shape"),
    ("Visible muscle twitching", "symptoms", "see the muscle twitch"),
]

CAUSES = [
    ("Lifting something heavy", "causes", "lifting something heavy"),
    ("Twisting the back quickly", "causes", "twisting your back quickly"),
    ("Sleeping in an awkward position", "causes", "sleeping in an awkward position"),
    ("Injury to back muscles or ligaments", "causes", "injury to the muscles or ligaments"),
    ("Overuse or repeated strain of back muscles", "causes", "overuse"),
    ("Herniated (slipped) disc", "causes", "herniated disc"),
    ("Degenerative disc disease", "causes", "degenerative disc disease"),
    ("Osteoarthritis", "causes", "osteoarthritis"),
]

TREATMENTS = [
    ("Over-the-counter pain relievers", "home-treatment", "pain relievers you can buy over the counter"),
    ("Heat on the painful area", "home-treatment", "put heat on the area"),
    ("Gentle movement and light walking", "home-treatment", "light walking"),
    ("Stretching", "home-treatment", "stretch the part of your back"),
    ("Physical therapy (physiotherapy)", "medical-treatment", "physical therapy"),
    ("Muscle relaxants", "medical-treatment", "muscle relaxants"),
    ("Cortisone injections", "medical-treatment", "cortisone"),
    ("Anti-inflammatory medicines", "medical-treatment", "anti-inflammatory medicines"),
    ("Opioids, for a short time", "medical-treatment", "opioids"),
    ("Acupuncture", "alternative-treatments", "acupuncture"),
    ("Acupressure", "alternative-treatments", "acupressure"),
    ("Chiropractic care", "alternative-treatments", "chiropractic care"),
    ("Massage", "alternative-treatments", "massage"),
]
