"""Word lists of the ``insurance-claim`` scenario: incidents, line items, places, notes."""

from __future__ import annotations

#: Incident templates of each policy type; ``{slot}`` draws from VOCABULARY.
INCIDENTS: dict[str, tuple[str, ...]] = {
    "auto": (
        "Rear-ended at a {junction} while stopped in traffic; {car_damage}.",
        "Hit a deer on {road} at dusk; {car_damage}.",
        "Vehicle broken into in a {lot}; {stolen} taken and a window smashed.",
        "Hail storm damaged the parked vehicle; {car_damage}.",
        "Sideswiped while changing lanes on {road}; {car_damage}.",
    ),
    "home": (
        "A burst pipe in the {room} flooded the floor; {home_damage}.",
        "A kitchen fire spread from the stove; {home_damage}.",
        "Storm winds tore shingles off the roof above the {room}; {home_damage}.",
        "Burglary while the household was away; {stolen} taken.",
        "A tree fell on the {room} during a storm; {home_damage}.",
    ),
    "health": (
        "Emergency room visit after {injury}; {treatment}.",
        "Planned {procedure} at {facility}.",
        "Admitted to {facility} for {condition}; {treatment}.",
    ),
    "travel": (
        "Flight to {city} cancelled at short notice; {loss}.",
        "Checked luggage lost on the way to {city}; {loss}.",
        "Fell ill in {city} and needed treatment; {loss}.",
        "Trip to {city} cut short by a family emergency; {loss}.",
    ),
    "life": (
        "The insured died of {cause} at {place}; the beneficiary filed the claim.",
        "The insured passed away after {cause}; the estate's executor filed the claim.",
    ),
    "pet": (
        "{pet} swallowed {object} and needed {vet}.",
        "{pet} was hit by a bicycle and needed {vet}.",
        "{pet} was diagnosed with {pet_condition} and needed {vet}.",
    ),
}
#: Fillers of the INCIDENTS slots (roads, rooms and cities also name locations).
VOCABULARY: dict[str, tuple[str, ...]] = {
    "junction": ("traffic light", "four-way stop", "roundabout", "pedestrian crossing"),
    "car_damage": ("rear bumper and tailgate dented", "headlight and front fender damaged",
                   "windscreen cracked", "driver-side doors scraped", "roof and bonnet dented"),
    "road": ("Route 9", "the ring road", "a rural highway", "Maple Avenue", "the coast road"),
    "lot": ("supermarket car park", "office garage", "hotel car park", "station car park"),
    "stolen": ("a laptop bag", "jewellery and a television", "two bicycles", "power tools",
               "a camera and a games console"),
    "room": ("kitchen", "basement", "upstairs bathroom", "living room", "garage", "attic"),
    "home_damage": ("flooring and drywall need replacement", "cabinets and ceiling are damaged",
                    "water came through the ceiling", "windows and furniture were destroyed"),
    "injury": ("a fall on ice", "a sports injury", "a deep kitchen-knife cut",
               "a severe allergic reaction", "a cycling accident"),
    "treatment": ("X-rays and a cast were needed", "stitches and a tetanus shot were given",
                  "two nights of observation followed", "surgery was needed"),
    "procedure": ("knee arthroscopy", "cataract surgery", "an MRI scan", "a hernia repair"),
    "facility": ("a regional hospital", "an outpatient clinic", "a day-surgery centre"),
    "condition": ("pneumonia", "appendicitis", "a kidney stone", "a broken hip"),
    "city": ("Lisbon", "Osaka", "Nairobi", "Reykjavik", "Lima", "Hanoi", "Vienna", "Cape Town"),
    "loss": ("hotel nights and a new ticket were paid", "clothing and toiletries were bought",
             "prepaid tours were forfeited", "a hospital bill was paid locally"),
    "cause": ("a heart attack", "complications after surgery", "a road accident",
              "a long illness", "a stroke"),
    "place": ("home", "a hospital", "a hospice"),
    "pet": ("A Labrador", "A tabby cat", "A beagle", "A rescue greyhound", "A house rabbit"),
    "object": ("a sock", "a squeaky toy", "chicken bones", "a hair tie"),
    "vet": ("emergency surgery", "X-rays and an overnight stay", "a course of medication"),
    "pet_condition": ("diabetes", "an ear infection", "a torn ligament", "a skin allergy"),
}  # fmt: skip
#: Claimed costs of each policy type, the main ones first.
LINE_ITEMS: dict[str, tuple[str, ...]] = {
    "auto": ("Body shop repair", "Replacement parts", "Paint and labour", "Towing",
             "Rental car", "Windscreen replacement", "Stolen personal items"),
    "home": ("Plumber call-out", "Water extraction and drying", "Drywall replacement",
             "Flooring", "Roof repair", "Replacement electronics", "Temporary accommodation"),
    "health": ("Emergency room fee", "Physician fee", "Imaging", "Surgery", "Hospital stay",
               "Prescription medicines", "Physiotherapy"),
    "travel": ("Replacement flight", "Hotel nights", "Essential purchases",
               "Medical treatment abroad", "Forfeited tour deposits", "Taxis and transfers"),
    "life": ("Death benefit", "Accidental death benefit", "Funeral expenses"),
    "pet": ("Emergency consultation", "Surgery", "X-rays", "Overnight hospitalisation",
            "Medication", "Follow-up visit"),
}  # fmt: skip
#: The supporting document an adjuster asks for, per policy type.
DOCUMENTS = {
    "auto": "repair estimate", "home": "contractor's quote", "health": "medical records",
    "travel": "airline letter", "life": "death certificate", "pet": "veterinary records",
}  # fmt: skip
#: How an adjuster's first note says the claim came in.
CHANNEL_PHRASES = {
    "online": "through the online portal", "phone": "by phone", "mobile-app": "in the mobile app",
    "agent": "through an agent", "email": "by e-mail",
}  # fmt: skip
# Streets, towns and insurer name endings of the fictional world.
STREETS = ("Oak Street", "Birch Lane", "Harbour Road", "Elm Avenue", "Station Road", "Mill Way")
TOWNS = ("Denver", "Toronto", "Leeds", "Perth", "Austin", "Dublin", "Auckland", "Cork")
INSURER_KINDS = ("Insurance", "Mutual", "Assurance", "Underwriters")
#: Notes an adjuster may add while working the claim.
MIDDLE_NOTES = (
    "Requested photos and receipts from the claimant.",
    "Spoke with the claimant by phone to confirm the details.",
    "Reviewed the {document} provided.",
    "Checked the policy: cover was in force on the incident date.",
)
#: The closing note of each status.
STATUS_NOTES: dict[str, tuple[str, ...]] = {
    "submitted": ("Awaiting assignment to an adjuster.",),
    "under-review": ("Coverage review in progress.", "Waiting for the {document}."),
    "approved": ("Approved in full; the deductible of {deductible} applies.",),
    "partially-approved": ("Approved {approved} of {claimed}; some items are not covered.",),
    "denied": ("Denied: the loss is excluded under the policy terms.",
               "Denied: the policy had lapsed on the incident date."),
    "paid": ("Payment of {payable} issued to the claimant.",),
}  # fmt: skip
