"""Clinical tables of the ``healthcare`` scenario, keyed by speciality.

Each speciality has its conditions; a condition brings its own symptoms (clinical and lay
words), examination signs, investigations, medicines and other treatments, so a document
about it agrees with itself. Laboratory panels, specimens, comorbidities, clinician titles
and healthcare organisation names complete the tables.
"""

from __future__ import annotations

from typing import NamedTuple


class Drug(NamedTuple):
    """A medicine as it is prescribed: name, the doses used, route and frequency."""

    name: str
    doses: tuple[str, ...]
    route: str
    frequency: str


class Condition(NamedTuple):
    """One diagnosis and what a document about it mentions."""

    name: str
    #: (clinical wording, the patient's own words).
    symptoms: tuple[tuple[str, str], ...]
    signs: tuple[str, ...]
    tests: tuple[str, ...]
    drugs: tuple[Drug, ...]
    treatments: tuple[str, ...]
    #: The youngest and oldest patient it is written for.
    ages: tuple[int, int] = (0, 120)


class Analyte(NamedTuple):
    """One laboratory result line: name, unit, reference range, decimals shown."""

    name: str
    unit: str
    low: float
    high: float
    decimals: int


def _d(name: str, doses: str, route: str, frequency: str) -> Drug:
    return Drug(name, tuple(doses.split(",")), route, frequency)


_ORAL = "orally"
_INHALED = "inhaled"
_TOPICAL = "topically"

CONDITIONS: dict[str, tuple[Condition, ...]] = {
    "cardiology": (
        Condition(
            "atrial fibrillation",
            (("palpitations", "my heart keeps racing and fluttering"),
             ("breathlessness on exertion", "I get out of breath on the stairs"),
             ("light-headedness", "I feel dizzy when my heart races")),
            ("an irregularly irregular pulse", "no murmurs", "mild ankle oedema"),
            ("a 12-lead ECG", "a transthoracic echocardiogram", "thyroid function tests"),
            (_d("apixaban", "2.5 mg,5 mg", _ORAL, "twice daily"),
             _d("bisoprolol", "1.25 mg,2.5 mg,5 mg", _ORAL, "once daily"),
             _d("digoxin", "62.5 mcg,125 mcg", _ORAL, "once daily")),
            ("rate control", "anticoagulation counselling", "a cardioversion discussion"),
        ),
        Condition(
            "stable angina",
            (("exertional chest tightness", "my chest gets tight when I walk uphill"),
             ("chest pain relieved by rest", "the pain goes away if I stop and rest"),
             ("exertional breathlessness", "I run out of breath walking to the shops")),
            ("normal heart sounds", "no signs of heart failure", "xanthelasma"),
            ("a 12-lead ECG", "a CT coronary angiogram", "a lipid profile"),
            (_d("atorvastatin", "20 mg,40 mg,80 mg", _ORAL, "at night"),
             _d("aspirin", "75 mg", _ORAL, "once daily"),
             _d("glyceryl trinitrate spray", "400 mcg", "sublingually", "as needed"),
             _d("bisoprolol", "2.5 mg,5 mg", _ORAL, "once daily")),
            ("cardiac rehabilitation", "lifestyle advice", "referral for angiography"),
        ),
        Condition(
            "heart failure with reduced ejection fraction",
            (("breathlessness lying flat", "I can't lie flat without getting breathless"),
             ("ankle swelling", "my ankles are swollen by the evening"),
             ("fatigue", "I am tired all the time")),
            ("bibasal crackles", "pitting oedema to the mid-shin", "a raised JVP"),
            ("a transthoracic echocardiogram", "an NT-proBNP level", "a chest X-ray"),
            (_d("furosemide", "40 mg,80 mg", _ORAL, "once daily"),
             _d("ramipril", "1.25 mg,2.5 mg,5 mg", _ORAL, "once daily"),
             _d("spironolactone", "25 mg", _ORAL, "once daily"),
             _d("dapagliflozin", "10 mg", _ORAL, "once daily")),
            ("daily weights", "fluid restriction advice", "heart failure nurse follow-up"),
        ),
    ),
    "dermatology": (
        Condition(
            "chronic plaque psoriasis",
            (("scaly plaques on the elbows and knees", "I have thick scaly patches on my elbows"),
             ("itchy scalp scaling", "my scalp is flaky and itchy"),
             ("nail pitting", "my nails have little dents in them")),
            ("well-demarcated erythematous plaques", "silvery scale", "nail pitting"),
            ("a PASI score", "baseline liver function tests", "a skin scraping"),
            (_d("calcipotriol/betamethasone gel", "1 application", _TOPICAL, "once daily"),
             _d("methotrexate", "7.5 mg,10 mg,15 mg", _ORAL, "once weekly"),
             _d("folic acid", "5 mg", _ORAL, "once weekly")),
            ("phototherapy", "emollient advice", "a biologic assessment"),
        ),
        Condition(
            "atopic dermatitis",
            (("an itchy flexural rash", "the rash in my elbow creases itches all night"),
             ("dry cracked skin", "my skin is so dry it cracks"),
             ("sleep disturbance from itch", "the itching keeps me awake")),
            ("lichenified flexural eczema", "excoriations", "no signs of infection"),
            ("an EASI score", "a skin swab", "a total IgE level"),
            (_d("hydrocortisone 1% cream", "1 application", _TOPICAL, "twice daily"),
             _d("betamethasone valerate 0.1% cream", "1 application", _TOPICAL, "once daily"),
             _d("cetirizine", "10 mg", _ORAL, "once daily")),
            ("an emollient regimen", "wet wrap advice", "trigger avoidance"),
        ),
        Condition(
            "acne vulgaris",
            (("facial spots", "I keep getting spots on my face"),
             ("painful nodules on the jaw", "I get big painful lumps on my jaw"),
             ("scarring", "the spots are leaving marks")),
            ("open and closed comedones", "inflammatory papules", "early atrophic scarring"),
            ("a hormonal screen", "baseline lipids", "a pregnancy test"),
            (_d("doxycycline", "100 mg", _ORAL, "once daily"),
             _d("adapalene 0.1% gel", "1 application", _TOPICAL, "at night"),
             _d("benzoyl peroxide 5% gel", "1 application", _TOPICAL, "once daily")),
            ("skin care advice", "an isotretinoin discussion"),
        ),
    ),
    "endocrinology": (
        Condition(
            "type 2 diabetes",
            (("increased thirst", "I am thirsty all the time"),
             ("frequent urination", "I keep getting up at night to pass water"),
             ("tiredness", "I have no energy")),
            ("reduced foot sensation", "a BMI of 33", "no diabetic retinopathy on screening"),
            ("an HbA1c", "a urine albumin-creatinine ratio", "a lipid profile"),
            (_d("metformin", "500 mg,1 g", _ORAL, "twice daily"),
             _d("gliclazide", "40 mg,80 mg", _ORAL, "twice daily"),
             _d("empagliflozin", "10 mg,25 mg", _ORAL, "once daily")),
            ("structured diabetes education", "dietitian review", "annual foot screening"),
        ),
        Condition(
            "primary hypothyroidism",
            (("fatigue", "I feel exhausted however much I sleep"),
             ("weight gain", "I have put on weight without trying"),
             ("cold intolerance", "I feel cold when everyone else is warm")),
            ("dry skin", "a slow-relaxing ankle reflex", "no goitre"),
            ("thyroid function tests", "thyroid peroxidase antibodies", "a lipid profile"),
            (_d("levothyroxine", "25 mcg,50 mcg,75 mcg,100 mcg", _ORAL, "once daily"),),
            ("dose titration by TSH", "advice on taking levothyroxine fasting"),
        ),
        Condition(
            "Graves disease",
            (("palpitations", "my heart is pounding"),
             ("weight loss", "I have lost weight even though I eat more"),
             ("heat intolerance", "I can't stand the heat")),
            ("a fine tremor", "a diffuse goitre", "lid retraction"),
            ("thyroid function tests", "TSH receptor antibodies", "a thyroid ultrasound"),
            (_d("carbimazole", "10 mg,20 mg,40 mg", _ORAL, "once daily"),
             _d("propranolol", "10 mg,40 mg", _ORAL, "three times daily")),
            ("a radioiodine discussion", "agranulocytosis counselling"),
        ),
    ),
    "gastroenterology": (
        Condition(
            "gastro-oesophageal reflux disease",
            (("heartburn", "I get a burning feeling behind my breastbone"),
             ("acid regurgitation", "sour fluid comes up into my mouth"),
             ("epigastric discomfort after meals", "my upper tummy aches after I eat")),
            ("mild epigastric tenderness", "a soft abdomen", "no palpable masses"),
            ("an upper GI endoscopy", "a Helicobacter pylori stool antigen test",
             "a full blood count"),
            (_d("omeprazole", "20 mg,40 mg", _ORAL, "once daily"),
             _d("lansoprazole", "15 mg,30 mg", _ORAL, "once daily"),
             _d("alginate suspension", "10 ml", _ORAL, "after meals and at bedtime")),
            ("weight loss advice", "head-of-bed elevation"),
        ),
        Condition(
            "Crohn disease",
            (("diarrhoea", "I am opening my bowels six times a day"),
             ("crampy abdominal pain", "I get cramping pains low on the right"),
             ("weight loss", "my clothes are getting loose")),
            ("right iliac fossa tenderness", "no peritonism", "perianal skin tags"),
            ("a faecal calprotectin", "an ileocolonoscopy", "an MR enterography"),
            (_d("prednisolone", "20 mg,30 mg,40 mg", _ORAL, "once daily"),
             _d("azathioprine", "50 mg,100 mg,150 mg", _ORAL, "once daily"),
             _d("mesalazine", "1.2 g,2.4 g", _ORAL, "once daily")),
            ("an IBD nurse review", "a biologic assessment", "smoking cessation support"),
        ),
        Condition(
            "irritable bowel syndrome",
            (("bloating", "my stomach swells up during the day"),
             ("alternating bowel habit", "I go between constipation and loose stools"),
             ("abdominal pain relieved by defecation", "the pain eases after the toilet")),
            ("a soft, non-tender abdomen", "no palpable masses", "normal bowel sounds"),
            ("a coeliac serology screen", "a faecal calprotectin", "a full blood count"),
            (_d("mebeverine", "135 mg", _ORAL, "three times daily"),
             _d("peppermint oil", "0.2 ml", _ORAL, "three times daily"),
             _d("loperamide", "2 mg", _ORAL, "as needed")),
            ("a low-FODMAP diet", "dietitian referral", "reassurance"),
        ),
    ),
    "general-medicine": (
        Condition(
            "community-acquired pneumonia",
            (("productive cough", "I have been coughing up green phlegm"),
             ("fever", "I have been hot and shivery"),
             ("pleuritic chest pain", "it hurts on the right when I breathe in")),
            ("right basal crackles", "dullness at the right base", "bronchial breathing"),
            ("a chest X-ray", "a full blood count", "a CRP", "blood cultures"),
            (_d("amoxicillin", "500 mg,1 g", _ORAL, "three times daily"),
             _d("clarithromycin", "500 mg", _ORAL, "twice daily"),
             _d("paracetamol", "1 g", _ORAL, "four times daily as needed")),
            ("oxygen therapy", "intravenous fluids", "chest physiotherapy"),
        ),
        Condition(
            "lower urinary tract infection",
            (("dysuria", "it burns when I pass water"),
             ("urinary frequency", "I need the toilet every hour"),
             ("suprapubic pain", "I have an ache low in my tummy")),
            ("suprapubic tenderness", "no renal angle tenderness", "a soft abdomen"),
            ("urinalysis", "a urine culture", "renal function tests"),
            (_d("nitrofurantoin", "50 mg,100 mg", _ORAL, "twice daily"),
             _d("trimethoprim", "200 mg", _ORAL, "twice daily"),
             _d("paracetamol", "1 g", _ORAL, "four times daily as needed")),
            ("oral fluid advice", "a repeat urine culture if symptoms persist"),
        ),
        Condition(
            "acute kidney injury",
            (("reduced urine output", "I am hardly passing any water"),
             ("nausea", "I feel sick all the time"),
             ("confusion", "my family say I have been muddled")),
            ("dry mucous membranes", "postural hypotension", "reduced skin turgor"),
            ("renal function tests", "a renal tract ultrasound", "urinalysis"),
            (_d("sodium chloride 0.9%", "1000 ml", "intravenously", "every 8 hours"),
             _d("paracetamol", "500 mg,1 g", _ORAL, "four times daily as needed")),
            ("a review of nephrotoxic medicines", "a fluid balance chart", "daily weights"),
        ),
    ),
    "neurology": (
        Condition(
            "migraine without aura",
            (("recurrent throbbing headaches", "I get pounding headaches on one side"),
             ("photophobia", "light hurts my eyes during an attack"),
             ("nausea with headaches", "I feel sick when the headache comes")),
            ("a normal neurological examination", "normal fundi", "no neck stiffness"),
            ("a headache diary", "blood pressure monitoring", "an MRI of the brain"),
            (_d("sumatriptan", "50 mg,100 mg", _ORAL, "as needed"),
             _d("propranolol", "40 mg,80 mg", _ORAL, "twice daily"),
             _d("amitriptyline", "10 mg,25 mg", _ORAL, "at night")),
            ("trigger avoidance", "a headache diary"),
        ),
        Condition(
            "focal epilepsy",
            (("episodes of altered awareness", "I lose a few minutes and don't remember them"),
             ("rising stomach sensation before episodes",
              "I get a funny feeling in my stomach first"),
             ("a generalised seizure", "I was found on the floor shaking")),
            ("a normal neurological examination", "a bitten lateral tongue", "no focal deficit"),
            ("an EEG", "an MRI of the brain", "a 12-lead ECG"),
            (_d("levetiracetam", "250 mg,500 mg,750 mg", _ORAL, "twice daily"),
             _d("lamotrigine", "25 mg,50 mg,100 mg", _ORAL, "twice daily")),
            ("driving advice", "an epilepsy nurse referral", "seizure safety advice"),
        ),
        Condition(
            "Parkinson disease",
            (("a resting tremor", "my right hand shakes when it is resting"),
             ("slowness of movement", "everything takes me longer"),
             ("small handwriting", "my writing has become tiny")),
            ("a pill-rolling tremor", "cogwheel rigidity", "a reduced arm swing"),
            ("a DaTscan", "a lying and standing blood pressure", "a cognitive assessment"),
            (_d("co-careldopa", "12.5 mg/50 mg,25 mg/100 mg", _ORAL, "three times daily"),
             _d("rasagiline", "1 mg", _ORAL, "once daily")),
            ("physiotherapy", "a Parkinson nurse referral", "speech and language therapy"),
            (40, 120),
        ),
    ),
    "oncology": (
        Condition(
            "early breast cancer",
            (("a breast lump", "I found a lump in my left breast"),
             ("fatigue during treatment", "I feel wiped out after each cycle"),
             ("nausea after chemotherapy", "I feel sick for two days after chemotherapy")),
            ("a healing mastectomy scar", "no palpable axillary nodes", "no hepatomegaly"),
            ("a staging CT scan", "a bone scan", "a full blood count"),
            (_d("letrozole", "2.5 mg", _ORAL, "once daily"),
             _d("ondansetron", "8 mg", _ORAL, "twice daily as needed"),
             _d("tamoxifen", "20 mg", _ORAL, "once daily")),
            ("adjuvant chemotherapy", "adjuvant radiotherapy", "a breast care nurse review"),
        ),
        Condition(
            "colorectal cancer",
            (("a change in bowel habit", "my bowels have been looser for months"),
             ("rectal bleeding", "I have seen blood in the toilet"),
             ("weight loss", "I have lost a stone without trying")),
            ("pallor", "a soft abdomen with no masses", "a healing laparotomy wound"),
            ("a staging CT scan", "a CEA level", "a colonoscopy"),
            (_d("capecitabine", "1000 mg/m2,1250 mg/m2", _ORAL, "twice daily for 14 days"),
             _d("loperamide", "2 mg", _ORAL, "as needed"),
             _d("ondansetron", "8 mg", _ORAL, "twice daily as needed")),
            ("adjuvant chemotherapy", "a stoma nurse review", "a dietitian review"),
        ),
        Condition(
            "diffuse large B-cell lymphoma",
            (("night sweats", "I wake up drenched"),
             ("swollen neck glands", "I have lumps in my neck"),
             ("weight loss", "I have lost weight over the last months")),
            ("cervical lymphadenopathy", "no hepatosplenomegaly", "no pallor"),
            ("a PET-CT scan", "an LDH level", "a lymph node biopsy"),
            (_d("allopurinol", "300 mg", _ORAL, "once daily"),
             _d("prednisolone", "100 mg", _ORAL, "once daily for 5 days"),
             _d("aciclovir", "400 mg", _ORAL, "twice daily")),
            ("R-CHOP chemotherapy", "tumour lysis monitoring", "a fertility discussion"),
        ),
    ),
    "orthopedics": (
        Condition(
            "knee osteoarthritis",
            (("knee pain on walking", "my knee aches after a short walk"),
             ("morning stiffness", "my knee is stiff first thing"),
             ("knee swelling", "my knee swells up in the evening")),
            ("crepitus on flexion", "a small effusion", "medial joint line tenderness"),
            ("a weight-bearing X-ray of the knee", "a CRP", "an MRI of the knee"),
            (_d("paracetamol", "1 g", _ORAL, "four times daily as needed"),
             _d("naproxen", "250 mg,500 mg", _ORAL, "twice daily"),
             _d("ibuprofen 5% gel", "1 application", _TOPICAL, "three times daily")),
            ("physiotherapy", "weight loss support", "a knee replacement discussion"),
        ),
        Condition(
            "distal radius fracture",
            (("wrist pain after a fall", "I fell on my outstretched hand and my wrist hurts"),
             ("wrist swelling", "my wrist is swollen and bruised"),
             ("reduced grip", "I can't grip anything with that hand")),
            ("a dinner-fork deformity", "intact sensation in the hand", "good capillary refill"),
            ("an X-ray of the wrist", "a CT of the wrist", "a bone density scan"),
            (_d("paracetamol", "1 g", _ORAL, "four times daily as needed"),
             _d("codeine", "30 mg", _ORAL, "four times daily as needed"),
             _d("alendronic acid", "70 mg", _ORAL, "once weekly")),
            ("a below-elbow cast", "manipulation under anaesthesia", "hand therapy"),
        ),
        Condition(
            "rotator cuff tear",
            (("shoulder pain at night", "my shoulder wakes me at night"),
             ("weakness lifting the arm", "I can't lift my arm above my head"),
             ("pain reaching overhead", "it hurts when I reach up to a shelf")),
            ("a painful arc", "weak resisted abduction", "a positive drop-arm test"),
            ("an ultrasound of the shoulder", "an MRI of the shoulder", "an X-ray of the shoulder"),
            (_d("naproxen", "250 mg,500 mg", _ORAL, "twice daily"),
             _d("paracetamol", "1 g", _ORAL, "four times daily as needed")),
            ("physiotherapy", "a subacromial injection", "an arthroscopic repair discussion"),
        ),
    ),
    "pediatrics": (
        Condition(
            "bronchiolitis",
            (("cough and wheeze", "the baby has been coughing and wheezy"),
             ("poor feeding", "the baby is only taking half of each feed"),
             ("fast breathing", "the baby is breathing really fast")),
            ("widespread fine crackles", "mild subcostal recession", "nasal flaring"),
            ("pulse oximetry", "a nasopharyngeal aspirate", "a capillary blood gas"),
            (_d("sodium chloride 0.9% nasal drops", "2 drops", "nasally", "before feeds"),),
            ("nasogastric feeding", "high-flow oxygen", "supportive care"),
            (0, 1),
        ),
        Condition(
            "acute otitis media",
            (("ear pain", "my child keeps pulling at one ear"),
             ("fever", "my child has had a temperature"),
             ("irritability", "my child has been crying and unsettled")),
            ("a bulging red tympanic membrane", "a dull tympanic membrane",
             "no mastoid tenderness"),
            ("otoscopy", "a hearing test", "tympanometry"),
            (_d("amoxicillin", "125 mg,250 mg", _ORAL, "three times daily for 5 days"),
             _d("paracetamol suspension", "120 mg,240 mg", _ORAL, "every 6 hours as needed"),
             _d("ibuprofen suspension", "100 mg", _ORAL, "every 8 hours as needed")),
            ("a watch-and-wait approach", "safety-net advice"),
        ),
        Condition(
            "childhood asthma",
            (("night-time cough", "my child coughs every night"),
             ("wheeze with colds", "my child gets wheezy with every cold"),
             ("breathlessness with exercise", "my child can't keep up at football")),
            ("a polyphonic expiratory wheeze", "no recession", "a peak flow of 70% predicted"),
            ("peak flow monitoring", "spirometry with reversibility", "a FeNO test"),
            (_d("salbutamol inhaler", "100 mcg", _INHALED, "2 puffs as needed"),
             _d("beclometasone inhaler", "50 mcg,100 mcg", _INHALED, "2 puffs twice daily"),
             _d("montelukast", "4 mg,5 mg", _ORAL, "at night")),
            ("an asthma action plan", "inhaler technique training", "a school care plan"),
            (2, 120),
        ),
    ),
    "psychiatry": (
        Condition(
            "major depressive disorder",
            (("low mood", "I feel down nearly every day"),
             ("loss of interest", "nothing gives me any pleasure anymore"),
             ("early morning waking", "I wake at four and can't get back to sleep")),
            ("psychomotor slowing", "a flat affect", "no psychotic features"),
            ("a PHQ-9 questionnaire", "thyroid function tests", "a risk assessment"),
            (_d("sertraline", "50 mg,100 mg", _ORAL, "once daily"),
             _d("mirtazapine", "15 mg,30 mg", _ORAL, "at night")),
            ("cognitive behavioural therapy", "a crisis plan", "behavioural activation"),
        ),
        Condition(
            "generalised anxiety disorder",
            (("persistent worry", "I worry about everything all day"),
             ("restlessness", "I can't sit still"),
             ("poor sleep", "my mind races when I try to sleep")),
            ("an anxious affect", "normal speech", "no perceptual disturbance"),
            ("a GAD-7 questionnaire", "thyroid function tests", "a risk assessment"),
            (_d("sertraline", "50 mg,100 mg", _ORAL, "once daily"),
             _d("pregabalin", "75 mg,150 mg", _ORAL, "twice daily")),
            ("cognitive behavioural therapy", "guided self-help", "sleep hygiene advice"),
        ),
        Condition(
            "bipolar affective disorder",
            (("elevated mood", "I feel on top of the world"),
             ("reduced need for sleep", "I only need two hours of sleep"),
             ("racing thoughts", "my thoughts are going too fast")),
            ("pressured speech", "flight of ideas", "limited insight"),
            ("a lithium level", "renal function tests", "thyroid function tests"),
            (_d("lithium carbonate", "400 mg,600 mg,800 mg", _ORAL, "at night"),
             _d("quetiapine", "100 mg,200 mg", _ORAL, "twice daily"),
             _d("olanzapine", "5 mg,10 mg", _ORAL, "at night")),
            ("a relapse prevention plan", "psychoeducation", "a home treatment team review"),
        ),
    ),
    "pulmonology": (
        Condition(
            "chronic obstructive pulmonary disease",
            (("breathlessness on exertion", "I get breathless walking to the bus stop"),
             ("a chronic productive cough", "I cough up phlegm every morning"),
             ("wheeze", "my chest whistles")),
            ("a prolonged expiratory phase", "scattered wheeze", "a hyperinflated chest"),
            ("spirometry", "a chest X-ray", "an arterial blood gas"),
            (_d("tiotropium inhaler", "2.5 mcg", _INHALED, "2 puffs once daily"),
             _d("salbutamol inhaler", "100 mcg", _INHALED, "2 puffs as needed"),
             _d("prednisolone", "30 mg", _ORAL, "once daily for 5 days")),
            ("pulmonary rehabilitation", "smoking cessation support",
             "an inhaler technique review"),
        ),
        Condition(
            "obstructive sleep apnoea",
            (("loud snoring", "my partner says I snore very loudly"),
             ("daytime sleepiness", "I nod off in front of the television"),
             ("witnessed apnoeas", "my partner says I stop breathing at night")),
            ("a neck circumference of 44 cm", "a crowded oropharynx", "a BMI of 36"),
            ("a home sleep study", "an Epworth sleepiness score", "thyroid function tests"),
            (_d("modafinil", "100 mg,200 mg", _ORAL, "once daily"),),
            ("CPAP at night", "weight loss support", "driving advice"),
        ),
        Condition(
            "idiopathic pulmonary fibrosis",
            (("progressive breathlessness", "I get more breathless every month"),
             ("a dry cough", "I have a tickly cough that won't go"),
             ("fatigue", "I am tired all day")),
            ("fine bibasal inspiratory crackles", "finger clubbing", "reduced chest expansion"),
            ("a high-resolution CT of the chest", "full lung function tests",
             "a six-minute walk test"),
            (_d("pirfenidone", "267 mg,801 mg", _ORAL, "three times daily"),
             _d("nintedanib", "100 mg,150 mg", _ORAL, "twice daily")),
            ("ambulatory oxygen", "pulmonary rehabilitation", "an interstitial lung disease MDT"),
        ),
    ),
}  # fmt: skip

#: Laboratory panels by speciality.
PANELS: dict[str, tuple[Analyte, ...]] = {
    "cardiology": (
        Analyte("High-sensitivity troponin T", "ng/L", 0, 14, 0),
        Analyte("NT-proBNP", "ng/L", 0, 400, 0),
        Analyte("Potassium", "mmol/L", 3.5, 5.3, 1),
        Analyte("Creatinine", "umol/L", 45, 110, 0),
        Analyte("Total cholesterol", "mmol/L", 0, 5.0, 1),
    ),
    "dermatology": (
        Analyte("ALT", "U/L", 0, 40, 0),
        Analyte("White cell count", "x10^9/L", 4.0, 11.0, 1),
        Analyte("Creatinine", "umol/L", 45, 110, 0),
        Analyte("Total IgE", "kU/L", 0, 100, 0),
    ),
    "endocrinology": (
        Analyte("HbA1c", "mmol/mol", 20, 41, 0),
        Analyte("Fasting glucose", "mmol/L", 3.5, 6.0, 1),
        Analyte("TSH", "mU/L", 0.3, 4.2, 2),
        Analyte("Free T4", "pmol/L", 12, 22, 1),
    ),
    "gastroenterology": (
        Analyte("ALT", "U/L", 0, 40, 0),
        Analyte("ALP", "U/L", 30, 130, 0),
        Analyte("Bilirubin", "umol/L", 0, 21, 0),
        Analyte("Albumin", "g/L", 35, 50, 0),
        Analyte("Faecal calprotectin", "ug/g", 0, 50, 0),
    ),
    "general-medicine": (
        Analyte("Haemoglobin", "g/L", 115, 165, 0),
        Analyte("White cell count", "x10^9/L", 4.0, 11.0, 1),
        Analyte("CRP", "mg/L", 0, 5, 0),
        Analyte("Sodium", "mmol/L", 133, 146, 0),
        Analyte("Urea", "mmol/L", 2.5, 7.8, 1),
    ),
    "neurology": (
        Analyte("Sodium", "mmol/L", 133, 146, 0),
        Analyte("Vitamin B12", "ng/L", 197, 771, 0),
        Analyte("Creatine kinase", "U/L", 25, 200, 0),
        Analyte("Glucose", "mmol/L", 3.5, 7.8, 1),
    ),
    "oncology": (
        Analyte("Neutrophils", "x10^9/L", 2.0, 7.5, 1),
        Analyte("Haemoglobin", "g/L", 115, 165, 0),
        Analyte("Platelets", "x10^9/L", 150, 400, 0),
        Analyte("CEA", "ug/L", 0, 5, 1),
        Analyte("LDH", "U/L", 135, 225, 0),
    ),
    "orthopedics": (
        Analyte("CRP", "mg/L", 0, 5, 0),
        Analyte("ESR", "mm/h", 0, 20, 0),
        Analyte("Adjusted calcium", "mmol/L", 2.2, 2.6, 2),
        Analyte("Vitamin D", "nmol/L", 50, 150, 0),
    ),
    "pediatrics": (
        Analyte("Haemoglobin", "g/L", 105, 140, 0),
        Analyte("White cell count", "x10^9/L", 5.0, 15.0, 1),
        Analyte("CRP", "mg/L", 0, 5, 0),
        Analyte("Sodium", "mmol/L", 133, 146, 0),
    ),
    "psychiatry": (
        Analyte("Lithium", "mmol/L", 0.4, 1.0, 2),
        Analyte("TSH", "mU/L", 0.3, 4.2, 2),
        Analyte("eGFR", "mL/min/1.73m2", 60, 120, 0),
        Analyte("Sodium", "mmol/L", 133, 146, 0),
    ),
    "pulmonology": (
        Analyte("pH", "", 7.35, 7.45, 2),
        Analyte("pCO2", "kPa", 4.7, 6.0, 1),
        Analyte("pO2", "kPa", 10.0, 13.0, 1),
        Analyte("Bicarbonate", "mmol/L", 22, 29, 0),
        Analyte("Eosinophils", "x10^9/L", 0.0, 0.4, 2),
    ),
}
SPECIMENS: dict[str, tuple[str, ...]] = {
    "cardiology": ("venous blood, serum and lithium heparin", "venous blood, serum"),
    "dermatology": ("venous blood, serum and EDTA", "venous blood, serum"),
    "endocrinology": ("venous blood, fluoride oxalate and serum", "venous blood, serum"),
    "gastroenterology": ("venous blood, serum, with a stool sample", "venous blood, serum"),
    "general-medicine": ("venous blood, EDTA and serum", "venous blood, serum"),
    "neurology": ("venous blood, serum", "venous blood, EDTA and serum"),
    "oncology": ("venous blood, EDTA and serum", "venous blood via a PICC line, EDTA and serum"),
    "orthopedics": ("venous blood, serum and citrate", "venous blood, serum"),
    "pediatrics": ("capillary blood, EDTA microtainer", "venous blood, EDTA and serum"),
    "psychiatry": ("venous blood, serum, 12 hours post-dose", "venous blood, serum"),
    "pulmonology": ("arterial blood, heparinised syringe", "arterial blood gas and EDTA sample"),
}
#: Long-term conditions of a relevant history, with the medicine each is treated with.
COMORBIDITIES: tuple[tuple[str, Drug], ...] = (
    ("hypertension", _d("amlodipine", "5 mg,10 mg", _ORAL, "once daily")),
    ("type 2 diabetes", _d("metformin", "500 mg,1 g", _ORAL, "twice daily")),
    ("hypercholesterolaemia", _d("atorvastatin", "20 mg,40 mg", _ORAL, "at night")),
    ("hypothyroidism", _d("levothyroxine", "50 mcg,100 mcg", _ORAL, "once daily")),
    ("asthma", _d("salbutamol inhaler", "100 mcg", _INHALED, "2 puffs as needed")),
    ("gastro-oesophageal reflux", _d("omeprazole", "20 mg", _ORAL, "once daily")),
    ("osteoarthritis", _d("paracetamol", "1 g", _ORAL, "four times daily as needed")),
    ("depression", _d("citalopram", "10 mg,20 mg", _ORAL, "once daily")),
    ("gout", _d("allopurinol", "100 mg,300 mg", _ORAL, "once daily")),
)
CHILD_COMORBIDITIES: tuple[tuple[str, Drug], ...] = (
    ("eczema", _d("emollient cream", "1 application", _TOPICAL, "twice daily")),
    ("hay fever", _d("cetirizine", "2.5 mg,5 mg", _ORAL, "once daily")),
    ("iron deficiency", _d("sodium feredetate", "2.5 ml,5 ml", _ORAL, "twice daily")),
    ("constipation", _d("macrogol oral powder", "1 sachet,2 sachets", _ORAL, "once daily")),
    ("reflux", _d("omeprazole dispersible", "5 mg,10 mg", _ORAL, "once daily")),
    ("cow's milk allergy", _d("cetirizine", "2.5 mg", _ORAL, "once daily as needed")),
)
SPECIALIST = {
    "cardiology": "Cardiologist",
    "dermatology": "Dermatologist",
    "endocrinology": "Endocrinologist",
    "gastroenterology": "Gastroenterologist",
    "general-medicine": "Physician",
    "neurology": "Neurologist",
    "oncology": "Medical Oncologist",
    "orthopedics": "Orthopaedic Surgeon",
    "pediatrics": "Paediatrician",
    "psychiatry": "Psychiatrist",
    "pulmonology": "Respiratory Physician",
}
SERVICE = {
    "cardiology": "Cardiology",
    "dermatology": "Dermatology",
    "endocrinology": "Diabetes and Endocrine",
    "gastroenterology": "Gastroenterology",
    "general-medicine": "Acute Medicine",
    "neurology": "Neurology",
    "oncology": "Cancer",
    "orthopedics": "Orthopaedic",
    "pediatrics": "Children's",
    "psychiatry": "Mental Health",
    "pulmonology": "Respiratory",
}
#: Roles by document type; ``{specialist}`` and ``{service}`` come from the speciality.
ROLES: dict[str, tuple[str, ...]] = {
    "clinical-note": (
        "Consultant {specialist}", "Specialty Registrar, {service}",
        "Clinical Nurse Specialist", "Associate Specialist, {service}",
    ),
    "discharge-summary": (
        "Consultant {specialist}", "Specialty Registrar, {service}",
        "Foundation Year 2 Doctor", "Core Medical Trainee",
    ),
    "referral-letter": ("General Practitioner", "GP Partner", "Salaried General Practitioner"),
    "lab-report": (
        "Consultant Chemical Pathologist", "Consultant Haematologist",
        "Clinical Biochemist", "Specialty Registrar in Chemical Pathology",
    ),
    "progress-note": (
        "Consultant {specialist}", "Specialty Registrar, {service}",
        "Advanced Nurse Practitioner", "Clinical Nurse Specialist",
    ),
}  # fmt: skip

PLACES = (
    "Riverside", "Northgate", "St Anne's", "Harbourview", "Kingsmead", "Maple Grove",
    "Westbrook", "Ashford", "Elmwood", "Queen's Park", "Millbank", "St Luke's", "Fairfield",
    "Hillcrest", "Oakridge", "Lakeside", "Brookfield", "Cedar Vale", "Greenhill", "Southport",
)  # fmt: skip
#: Organisation name forms by document type (``{place}``, ``{service}``).
ORGANISATIONS: dict[str, tuple[str, ...]] = {
    "clinical-note": (
        "{place} {service} Clinic", "{place} Hospital {service} Outpatients",
        "{place} Medical Centre",
    ),
    "discharge-summary": (
        "{place} General Hospital", "{place} University Hospital", "{place} Royal Infirmary",
    ),
    "referral-letter": (
        "{place} Medical Practice", "{place} Health Centre", "{place} Family Practice",
    ),
    "lab-report": (
        "{place} Hospital Pathology Laboratory", "{place} General Hospital Blood Sciences",
        "{place} Clinical Laboratory",
    ),
    "progress-note": (
        "{place} {service} Clinic", "{place} General Hospital", "{place} Community Hospital",
    ),
}  # fmt: skip
#: Words every organisation name holds one of.
HEALTHCARE_WORDS = (
    "Clinic", "Hospital", "Medical", "Infirmary", "Health", "Practice", "Laboratory",
    "Outpatients",
)  # fmt: skip
