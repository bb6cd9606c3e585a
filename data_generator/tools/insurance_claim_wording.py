# ruff: noqa: E501 - one template a line reads (and diffs) better than split strings
"""Claim wording of the ``insurance-claim`` scenario: incidents, places and notes by peril.

Each policy type has perils; a peril has its own incident grammar, the line items it
causes (main cost first), where it happens and what the adjuster inspects. Facts of the
record fill the ``{slots}`` no table names (``{when}``, ``{town}``, ``{claimant}``…).
"""

from __future__ import annotations

from data_generator.tools.inline_grammar import inline_grammar

#: Per policy type, per peril: (incident templates, line items with the main ones first).
PERILS: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "auto": {
        "rear-end collision": (
            ("{when}, the insured's {vehicle} was {hit from behind|rear-ended} {at a junction|while stopped in traffic|while waiting to turn} on {road}; {rear_damage}",),
            ("Body shop repair", "Replacement parts", "Paint and labour", "Towing", "Rental car"),
        ),
        "animal strike": (
            ("{when}, the insured's {vehicle} struck {a animal} on {road} {at dusk|after dark|in heavy rain}; {front_damage}",),
            ("Body shop repair", "Replacement parts", "Headlight replacement", "Towing", "Rental car"),
        ),
        "theft from vehicle": (
            ("{when}, the insured's {vehicle} was broken into {while parked|overnight} in {a lot} in {town}; the thieves took {stolen} and {smashed a window|forced the door lock}",),
            ("Stolen personal items", "Window replacement", "Lock repair", "Valeting"),
        ),
        "hail damage": (
            ("{when}, {a hail_storm} damaged the insured's {vehicle} while it was parked {outside the insured's home|at work|in a public car park} in {town}; {hail_damage}",),
            ("Paintless dent repair", "Windscreen replacement", "Paint and labour", "Rental car"),
        ),
        "sideswipe": (
            ("{when}, another driver {changing lanes|merging|overtaking} sideswiped the insured's {vehicle} on {road}; {side_damage}",),
            ("Body shop repair", "Paint and labour", "Replacement parts", "Rental car"),
        ),
    },
    "home": {
        "escape of water": (
            ("{when}, a {burst|split|frozen} pipe {under|behind} the {room_fixture} flooded the {room}; {water_damage}",),
            ("Plumber call-out", "Water extraction and drying", "Drywall replacement", "Flooring", "Temporary accommodation"),
        ),
        "fire damage": (
            ("{when}, a fire started {at the cooker|in a faulty extension lead|in the tumble dryer} in the {room} and {spread to the hallway|was put out by the fire service}; {fire_damage}",),
            ("Fire damage repair", "Smoke cleaning", "Replacement electronics", "Redecoration", "Temporary accommodation"),
        ),
        "storm damage": (
            ("{when}, {storm_wind} tore {slates|shingles|flashing} off the roof above the {room}{ and rain came through the ceiling?}; {storm_damage}",),
            ("Roof repair", "Scaffolding", "Ceiling repair", "Redecoration"),
        ),
        "burglary": (
            ("{when}, the home was burgled while the household was {away for the weekend|at work|on holiday}; entry was through {a forced back door|a ground-floor window} and the burglars took {stolen}",),
            ("Replacement electronics", "Stolen jewellery", "Lock and door repair", "Window repair"),
        ),
        "fallen tree": (
            ("{when}, {a tree_kind} tree fell on the {room} during {a storm_kind}; {storm_damage}",),
            ("Tree removal", "Roof repair", "Structural repair", "Temporary accommodation"),
        ),
    },
    "health": {
        "emergency treatment": (
            ("{when}, the claimant was treated in the emergency department after {injury}; {treatment}",),
            ("Emergency room fee", "Imaging", "Physician fee", "Prescription medicines", "Physiotherapy"),
        ),
        "planned procedure": (
            ("{when}, the claimant had {a procedure} {as a day case|with one night's stay} after {a referral_reason}",),
            ("Surgery", "Anaesthetist fee", "Hospital stay", "Pre-operative tests", "Physiotherapy"),
        ),
        "hospital admission": (
            ("{when}, the claimant was admitted for {condition} and {stay}; {discharge}",),
            ("Hospital stay", "Physician fee", "Imaging", "Prescription medicines"),
        ),
    },
    "travel": {
        "cancellation": (
            ("{when}, the claimant's flight to {city} was cancelled {at short notice|the evening before departure|after a long delay}; {travel_loss}",),
            ("Replacement flight", "Hotel nights", "Taxis and transfers", "Meals"),
        ),
        "lost luggage": (
            ("{when}, the claimant's checked {bag|suitcase} {did not arrive|was lost} on a flight to {city} and {was never traced|arrived {days_late} days late}; {luggage_loss}",),
            ("Essential purchases", "Replacement luggage", "Replacement clothing", "Taxis and transfers"),
        ),
        "illness abroad": (
            ("{when}, the claimant fell ill with {abroad_illness} in {city} and {abroad_care}",),
            ("Medical treatment abroad", "Hotel nights", "Replacement flight", "Prescription medicines"),
        ),
        "curtailment": (
            ("{when}, the claimant cut short a trip to {city} {because of|after} {family_reason} and flew home {early|the next day}; {travel_loss}",),
            ("Replacement flight", "Forfeited tour deposits", "Unused hotel nights", "Taxis and transfers"),
        ),
    },
    "life": {
        "death after illness": (
            ("{when}, the insured died {died_where} after {long_illness}; {filer} filed the claim {with the death certificate|and sent the death certificate later}",),
            ("Death benefit", "Funeral expenses"),
        ),
        "accidental death": (
            ("{when}, the insured died after {fatal_accident}; {filer} filed the claim {with the coroner's report|and the police report}",),
            ("Death benefit", "Accidental death benefit", "Funeral expenses"),
        ),
    },
    "pet": {
        "swallowed object": (
            ("{when}, {pet_name}, the claimant's {pet}, swallowed {swallowed} and needed {swallow_care}",),
            ("Emergency consultation", "Surgery", "X-rays", "Overnight hospitalisation", "Follow-up visit"),
        ),
        "injury": (
            ("{when}, {pet_name}, the claimant's {pet}, {pet_accident} and needed {injury_care}",),
            ("Emergency consultation", "X-rays", "Surgery", "Medication", "Follow-up visit"),
        ),
        "illness": (
            ("{when}, {pet_name}, the claimant's {pet}, was diagnosed with {pet_condition} after {pet_symptom} and started {pet_treatment}",),
            ("Consultation", "Blood tests", "Medication", "Follow-up visit"),
        ),
    },
}  # fmt: skip

FILLERS: dict[str, tuple[str, ...]] = {
    "rear_damage": ("the rear bumper and tailgate are dented", "the rear bumper, boot lid and a rear light need replacing", "the towbar and rear panel are bent", "the rear parking sensors and bumper are broken"),
    "animal": ("deer", "wild boar", "fox", "stray dog", "badger"),
    "front_damage": ("the headlight and front wing are damaged", "the bonnet and radiator are damaged", "the bumper is cracked and the grille is broken", "the windscreen is cracked and the bonnet is dented"),
    "lot": ("supermarket car park", "office garage", "hotel car park", "station car park", "multi-storey car park"),
    "stolen": ("a laptop bag", "jewellery and a television", "two bicycles", "power tools", "a camera and a games console", "a handbag and sunglasses", "a child's car seat and a pram"),
    "hail_storm": ("hail storm", "sudden hail shower", "severe thunderstorm with hail"),
    "hail_damage": ("the roof and bonnet are covered in dents", "the windscreen is cracked and the roof dented", "the panels on every side are dented"),
    "side_damage": ("both driver-side doors are scraped", "the wing mirror is broken and the doors dented", "the passenger-side panels are scratched and dented"),
    "room": ("kitchen", "basement", "upstairs bathroom", "living room", "utility room", "loft", "main bedroom"),
    "room_fixture": ("kitchen sink", "washing machine", "bathroom radiator", "water tank", "dishwasher"),
    "water_damage": ("the flooring and skirting boards need replacing", "the plaster and kitchen units are soaked", "water came through the ceiling below", "the carpet and underlay are ruined"),
    "fire_damage": ("the units and ceiling are smoke-damaged", "the room needs rewiring and redecorating", "soot spread through the ground floor"),
    "storm_wind": ("storm-force winds", "gusts of over 70 mph", "a sudden squall"),
    "storm_damage": ("the roof and ceiling need repair", "the chimney stack and gutters were damaged", "the loft insulation is soaked and the ceiling is stained"),
    "tree_kind": ("oak", "neighbour's ash", "large beech", "old sycamore"),
    "storm_kind": ("storm", "night of high winds", "heavy snowfall"),
    "injury": ("a fall on ice", "a sports injury", "a deep kitchen-knife cut", "a severe allergic reaction", "a cycling accident", "a fall from a ladder"),
    "treatment": ("X-rays and a cast were needed", "stitches and a tetanus shot were given", "two nights of observation followed", "surgery was needed the same day"),
    "procedure": ("knee arthroscopy", "cataract surgery", "MRI scan", "hernia repair", "hip replacement", "colonoscopy"),
    "referral_reason": ("GP referral", "specialist referral", "failed course of physiotherapy"),
    "condition": ("pneumonia", "appendicitis", "a kidney stone", "a broken hip", "cellulitis"),
    "stay": ("stayed {stay_nights} nights", "spent {stay_nights} nights on the ward"),
    "stay_nights": ("two", "three", "four", "five"),
    "discharge": ("follow-up is booked with the specialist", "discharge medication was prescribed", "physiotherapy follows at home"),
    "travel_loss": ("hotel nights and a new ticket were paid", "two extra nights and meals were paid", "a replacement flight was bought the next day", "prepaid tours were forfeited"),
    "days_late": ("two", "three", "four"),
    "luggage_loss": ("clothing and toiletries were bought", "essential clothing was bought for the first days", "the bag and its contents were lost"),
    "abroad_illness": ("food poisoning", "a chest infection", "dengue fever", "a kidney infection"),
    "abroad_care": ("was treated at a local clinic", "spent two nights in a local hospital", "needed a doctor's visit and medication"),
    "family_reason": ("a family emergency", "the sudden illness of a close relative", "a bereavement"),
    "long_illness": ("a long illness", "a short illness", "a heart condition", "cancer"),
    "filer": ("the beneficiary", "the estate's executor", "the surviving spouse"),
    "pet": ("Labrador", "tabby cat", "beagle", "rescue greyhound", "house rabbit", "spaniel", "Maine Coon cat"),
    "pet_name": ("Bella", "Max", "Luna", "Charlie", "Milo", "Daisy", "Coco", "Rufus", "Poppy", "Biscuit"),
    "swallowed": ("a sock", "a squeaky toy", "chicken bones", "a hair tie", "a corn cob"),
    "swallow_care": ("emergency surgery", "X-rays and an overnight stay", "an endoscopy"),
    "pet_accident": ("was hit by a bicycle", "fell from a balcony", "cut a paw on glass", "was bitten by another dog"),
    "injury_care": ("stitches", "X-rays and a splint", "surgery on a fractured leg"),
    "pet_condition": ("diabetes", "an ear infection", "a torn ligament", "a skin allergy", "kidney disease"),
    "pet_symptom": ("weeks of weight loss", "limping", "constant scratching", "drinking far more than usual"),
    "pet_treatment": ("daily medication", "a course of treatment", "a special diet and medication"),
}  # fmt: skip

#: Claim-diary notes; ``{date}`` etc. are facts of the record.
NOTES: dict[str, tuple[str, ...]] = {
    "note received": (
        "{date}: {Claim|First notice of loss} received {channel} from {claimant}{; {peril} reported?}",
    ),
    "note intake": (
        "{date}: {Claim|First notice of loss} received {channel} from {claimant}; assigned to {adjuster}",
    ),
    "note waiting": (
        "{date}: {Awaiting|Waiting for} assignment to an adjuster{; acknowledgement sent by {ack}|; no documents yet?}",
    ),
    "note evidence": (
        "{date}: {inspected}",
    ),
    "note estimate": (
        "{date}: {Estimate|Costs} of {claimed} {received|reviewed} for {items}{; in line with the {peril}|; cover in force on {incident}?}",
    ),
    "note reviewing": (
        "{date}: {Coverage review in progress|Review continues}; {decision due once the file is reviewed|the coverage check is not finished|the estimate is with a senior adjuster}",
    ),
    "note pending": (
        "{date}: {Coverage review in progress|Review continues}; {waiting for the {awaited}|decision expected once the {awaited} arrives|claimant asked for the {awaited}}",
    ),
    "note late": (
        "{date}: Reported {delay} days after the incident; {asked the claimant why|late reporting noted for review}",
    ),
    "note siu": (
        "{date}: Referred to the special investigations unit: {indicators}",
    ),
    "note approved": (
        "{date}: Approved in full at {approved}; {the deductible of {deductible} applies|less the deductible of {deductible}}, {payable} payable",
    ),
    "note partial": (
        "{date}: Approved {approved} of {claimed}; {excluded} {is not covered under the policy|falls outside the cover|is excluded by the policy terms}",
    ),
    "note denied": (
        "{date}: Denied: {denial}{; claimant told by {ack}|; letter sent explaining the decision?}",
    ),
    "note paid": (
        "{date}: Payment of {payable} issued to {claimant} by {bank transfer|cheque}{ after the {deductible} deductible?}",
    ),
    "ack": ("e-mail", "letter", "phone", "text message"),
}  # fmt: skip

#: What the adjuster inspects or receives, per policy type (``{evidence_place}`` is a fact).
INSPECTIONS: dict[str, tuple[str, ...]] = {
    "auto": ("{Inspected|Viewed} the {vehicle} at {evidence_place}; damage {is consistent with|matches} the reported {peril}", "Photos of the {vehicle} received from {claimant}; {an engineer's report was requested|damage looks consistent with the {peril}}"),
    "home": ("Site visit to {location}; damage {is consistent with|matches} the reported {peril}{ and the {document} was requested?}", "Photos and {a contractor's quote|a builder's report} received from {claimant}; {damage looks consistent with the {peril}|a loss adjuster visit was booked}"),
    "health": ("{Itemised bills|Medical records and itemised bills} requested from {location}", "Medical records received from {location}; treatment {matches|is consistent with} the reported {peril}"),
    "travel": ("{Booking confirmation|Tickets and receipts} received from {claimant}{; the {document} was requested?}", "{The {document}|Receipts and the {document}} received; dates match the trip to {location}"),
    "life": ("{Death certificate|Certified copy of the death certificate} received from {claimant}{; the policy documents were checked?}", "Beneficiary details for {claimant} verified{ against the policy schedule?}"),
    "pet": ("Veterinary records requested from {location}", "{Veterinary records|The invoice and clinical notes} received from {location}; treatment {matches|is consistent with} the reported {peril}"),
}  # fmt: skip

#: Why a claim of each policy type is denied.
DENIALS: dict[str, tuple[str, ...]] = {
    "auto": ("the driver was not named on the policy", "the vehicle was used for business, which the policy excludes", "the policy had lapsed on {incident}", "the damage predates the policy"),
    "home": ("the damage came from gradual wear and tear, which the policy excludes", "the home had been unoccupied for over 60 days", "the policy had lapsed on {incident}"),
    "health": ("the treatment relates to a pre-existing condition", "the procedure was not pre-authorised", "the policy had lapsed on {incident}"),
    "travel": ("the trip was booked after the reason for cancelling was known", "the luggage was left unattended", "the policy had lapsed on {incident}"),
    "life": ("the death falls within the policy's two-year exclusion period", "material facts were not disclosed when the policy was taken out"),
    "pet": ("the condition was present before the policy started", "the treatment is routine care, which the policy excludes", "the policy had lapsed on {incident}"),
}  # fmt: skip

GRAMMAR = inline_grammar(
    {
        **FILLERS,
        **NOTES,
        **{
            f"incident {kind} {peril}": templates
            for kind, perils in PERILS.items()
            for peril, (templates, _) in perils.items()
        },
        **{f"inspection {kind}": templates for kind, templates in INSPECTIONS.items()},
        **{f"denial {kind}": templates for kind, templates in DENIALS.items()},
    }
)
