"""Kinds of plant a maintenance log may come from, matched by keywords in ``--plant``/``--line``.

Each kind names the equipment that belongs there (by equipment type), what the line
handles, and the safety and restart steps its work needs. A plant and line matching no
kind get :data:`GENERIC`, generic equipment names, and the logs still name them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["GENERIC", "PLANT_KINDS", "PlantKind", "plant_kind"]


@dataclass(frozen=True)
class PlantKind:
    """One kind of plant: its keywords, equipment, products and safety steps."""

    name: str
    keywords: tuple[str, ...]
    #: Equipment type to the assets of that type found in such a plant.
    assets: dict[str, tuple[str, ...]]
    #: What the line handles, plural ("bottles", "coils").
    products: tuple[str, ...]
    #: Safety or restart steps particular to the kind (grammar templates).
    safety: tuple[str, ...]


def _kind(
    name: str, keywords: str, assets: tuple[tuple[str, ...], ...], products: str, *safety: str
) -> PlantKind:
    types = ("cnc-machine", "conveyor", "robot-arm", "hydraulic-press", "injection-molder",
             "packaging-machine", "compressor", "boiler")  # fmt: skip
    return PlantKind(
        name,
        tuple(word.strip() for word in keywords.split(",")),
        dict(zip(types, assets, strict=True)),
        tuple(word.strip() for word in products.split(",")),
        safety,
    )


# Assets in EquipmentType order: cnc-machine, conveyor, robot-arm, hydraulic-press,
# injection-molder, packaging-machine, compressor, boiler.
PLANT_KINDS: tuple[PlantKind, ...] = (
    _kind(
        "food and beverage",
        "food, foods, beverage, drinks, bottling, bottler, brewery, brewing, dairy, bakery, "
        "cannery, canning, snack, juice, meat, poultry, confectionery, chocolate, coffee, "
        "soft drink, winery, distillery, cereal, creamery, filler, pasteurizer, bottle",
        (("change-part machining centre", "workshop CNC lathe"),
         ("bottle infeed conveyor", "case conveyor", "washdown belt conveyor"),
         ("case palletizing robot", "pick-and-place robot"),
         ("cardboard baler", "fruit press"),
         ("preform injection molder", "closure molding machine"),
         ("rotary filler", "labeller", "case packer", "flow wrapper"),
         ("bottle-blowing air compressor", "oil-free air compressor"),
         ("CIP steam boiler", "pasteurizer steam boiler")),
        "bottles, cans, cartons, trays",
        "Hygiene clearance {ref} signed by QA before restart",
        "Tools counted out and back in ({count} items) to keep foreign bodies out of product",
        "Food-contact parts sanitised and swabbed ({count} swabs) before restart",
        "Allergen clean-down checked by the {shift} shift lead at {clock} before restart",
    ),
    _kind(
        "automotive",
        "automotive, auto, car, vehicle, truck, body shop, body-in-white, paint shop, stamping, "
        "powertrain, engine, chassis, trim, final assembly, axle, transmission, press shop",
        (("cylinder head machining centre", "crankshaft grinder"),
         ("skid conveyor", "overhead chain conveyor", "slat conveyor"),
         ("spot welding robot", "paint robot", "glazing robot"),
         ("tandem stamping press", "door hemming press"),
         ("bumper fascia molding machine", "interior trim molding machine"),
         ("service parts packing machine", "rack strapping machine"),
         ("plant air compressor", "paint shop air compressor"),
         ("paint shop hot water boiler", "oven heat recovery boiler")),
        "car bodies, door panels, engine blocks, body sides",
        "Robot cell entered with the cell key held by {tech}; cell in safe mode",
        "Cell gate interlock tested {count} times before handing back to production",
        "Quality hold on the last {count} jobs until the first-off check passed",
    ),
    _kind(
        "pharmaceuticals",
        "pharma, pharmaceutical, pharmaceuticals, drug, tablet, capsule, sterile, vial, "
        "syringe, blister, biologics, vaccine, api, fill-finish, aseptic, granulation, "
        "tableting, oral solid dose",
        (("tooling workshop CNC mill", "punch and die machining centre"),
         ("tablet transfer conveyor", "vial infeed conveyor"),
         ("aseptic filling robot", "tray loading robot"),
         ("hydraulic tablet press", "roller compactor"),
         ("syringe barrel molder", "inhaler component molding machine"),
         ("blister packer", "cartoner", "vial capper"),
         ("oil-free process air compressor", "clean dry air compressor"),
         ("clean steam generator", "plant steam boiler")),
        "tablets, vials, blister packs, cartons",
        "Line clearance {ref} checked and QA release given before restart",
        "Cleanroom gowning worn; {count} tools logged in and out of the grade C area",
        "Deviation {ref} raised; equipment requalified before batch restart",
    ),
    _kind(
        "chemicals",
        "chemical, chemicals, petrochemical, resin, resins, polymer, solvent, reactor, "
        "fertilizer, coatings, adhesive, refinery, ammonia, chlorine, specialty chemicals",
        (("workshop CNC lathe", "flange machining centre"),
         ("bag conveyor", "screw conveyor", "bulk bag discharge conveyor"),
         ("drum palletizing robot", "sampling robot"),
         ("filter press", "drum crusher"),
         ("drum closure molding machine", "compounding test molder"),
         ("drum filling machine", "IBC filler", "bag filling machine"),
         ("nitrogen compressor", "instrument air compressor", "process gas compressor"),
         ("reactor jacket steam boiler", "waste heat boiler")),
        "drums, bags, batches, IBCs",
        "Gas test before breaking containment: {lel} % LEL, {o2} % oxygen",
        "Line drained, flushed and blinded at flange {ref} before opening",
        "Chemical splash PPE worn; safety shower checked at {clock}",
    ),
    _kind(
        "semiconductors",
        "semiconductor, semiconductors, fab, wafer, wafers, chip, chips, cleanroom, "
        "lithography, etch, diffusion, cmp, deposition, photolithography, wafer fab",
        (("fixture machining centre", "quartzware CNC mill"),
         ("overhead hoist transport track", "wafer carrier conveyor"),
         ("wafer handling robot", "FOUP transfer robot"),
         ("lead-frame trim press", "wafer bonding press"),
         ("encapsulation molding press", "FOUP component molder"),
         ("tape-and-reel machine", "wafer box sealer"),
         ("clean dry air compressor", "nitrogen booster compressor"),
         ("ultrapure water boiler", "make-up air hot water boiler")),
        "wafers, FOUPs, lots, reticles",
        "Cleanroom gowning worn; particle count {count} per cubic foot after the work",
        "Toxic gas monitors checked at {clock} before the tool was opened",
        "Tool requalified with {count} test wafers before release to production",
    ),
    _kind(
        "packaging",
        "packaging, carton, cartons, corrugated, label, labels, pallet, pallets, film, "
        "co-packer, co-packing, folding carton, flexible packaging, box, boxes, corrugator",
        (("die-cutting tool machining centre", "workshop CNC mill"),
         ("carton conveyor", "pallet conveyor", "sheet feed conveyor"),
         ("case palletizing robot", "carton erecting robot"),
         ("waste baler", "platen die-cutter"),
         ("closure molding machine", "thin-wall container molder"),
         ("carton folder-gluer", "shrink wrapper", "stretch wrapper"),
         ("plant air compressor", "vacuum system air compressor"),
         ("corrugator steam boiler", "glue kitchen steam boiler")),
        "cartons, cases, pallets, sheets",
        "Guard interlocks tested {count} times before restart",
        "Knife and blade guards refitted and checked by {tech}",
        "First {count} cartons after restart checked for glue and fold quality",
    ),
    _kind(
        "steel and metals",
        "steel, steelworks, rolling mill, melt shop, caster, casting, foundry, forge, "
        "forging, galvanizing, hot strip, cold mill, blast furnace, metals, aluminium, "
        "aluminum, smelter, wire rod, billet, coil",
        (("roll grinding machine", "roll lathe"),
         ("coil conveyor", "scrap conveyor", "billet roller table"),
         ("ladle sampling robot", "coil marking robot"),
         ("forging press", "scrap baling press"),
         ("wax pattern injection press", "refractory molding press"),
         ("coil strapping machine", "bundle tying machine"),
         ("blast air compressor", "plant air compressor"),
         ("waste heat boiler", "reheat furnace steam boiler")),
        "coils, billets, slabs, bars",
        "Heat-resistant PPE worn; radiant heat at the work point {temp_hot} C",
        "Overhead crane {ref} parked and isolated above the work area",
        "Hot-metal area cleared and barriered {count} m around the work point",
    ),
    _kind(
        "paper and pulp",
        "paper, pulp, tissue, board mill, paperboard, paper machine, newsprint, "
        "containerboard, recycled fibre, recycled fiber, pulp mill, paper mill",
        (("roll grinder", "workshop CNC lathe"),
         ("reel conveyor", "bale conveyor", "chip conveyor"),
         ("reel wrapping robot", "core loading robot"),
         ("reject baler", "pulp bale press"),
         ("core plug molding machine", "reel end-plug molder"),
         ("reel wrapper", "ream wrapper", "tissue bundler"),
         ("paper machine air compressor", "plant air compressor"),
         ("recovery boiler", "power boiler")),
        "reels, sheets, bales, rolls",
        "Nip points guarded and the machine held at crawl speed by {tech}",
        "Dryer section hood opened only below {temp_ok} C",
        "Felt and wire run checked over {count} minutes before full speed",
    ),
    _kind(
        "electronics",
        "electronics, smt, pcb, pcba, circuit board, circuit boards, reflow, "
        "surface mount, wave solder, ems",
        (("PCB depaneling router", "fixture machining centre"),
         ("SMT board conveyor", "reflow exit conveyor"),
         ("pick-and-place robot", "screw-driving robot"),
         ("press-fit connector press", "heat-staking press"),
         ("enclosure molding machine", "connector housing molder"),
         ("tape-and-reel machine", "ESD bag sealer"),
         ("clean dry air compressor", "plant air compressor"),
         ("HVAC hot water boiler", "make-up air boiler")),
        "boards, panels, reels, assemblies",
        "ESD wrist strap tested at {ohms} megohm before handling boards",
        "First {count} boards after restart checked by AOI",
        "Solder fume extraction checked at {clock} before restart",
    ),
    _kind(
        "plastics",
        "plastics, plastic, molding, moulding, injection molding, injection moulding, "
        "extrusion, extruder, blow molding, blow moulding, thermoforming, compounding",
        (("mold repair machining centre", "EDM workshop CNC mill"),
         ("part take-out conveyor", "regrind conveyor"),
         ("sprue picker robot", "part take-out robot"),
         ("compression molding press", "thermoforming press"),
         ("two-shot injection molder", "large-tonnage injection molder"),
         ("bottle bagger", "bag-in-box packer"),
         ("blow-molding air compressor", "plant air compressor"),
         ("mold temperature boiler", "dryer hot water boiler")),
        "parts, moldings, preforms, profiles",
        "Mold area entered only with the hydraulics dumped and the gate locked by {tech}",
        "Hot runner left to cool to {temp_ok} C before touching the manifold",
        "First {count} shots after restart scrapped and checked",
    ),
)  # fmt: skip

GENERIC = _kind(
    "generic",
    "",
    (("CNC machining centre", "CNC lathe"),
     ("transfer conveyor", "main conveyor", "outfeed conveyor"),
     ("handling robot", "palletizing robot"),
     ("hydraulic press", "forming press"),
     ("injection molding machine", "molding press"),
     ("end-of-line packer", "wrapping machine"),
     ("plant air compressor", "screw air compressor"),
     ("process steam boiler", "hot water boiler")),
    "parts, units, products, batches",
    "Area handed back to the {shift} shift lead at {clock} after a walk-down by {tech}",
    "Guards refitted and interlocks tested {count} times before the {clock} restart",
)  # fmt: skip


def _pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted(keywords, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(word) for word in words) + r")(?:e?s)?\b")


_PATTERNS = tuple((kind, _pattern(kind.keywords)) for kind in PLANT_KINDS)


def plant_kind(*names: str) -> PlantKind:
    """The kind of plant ``names`` (plant, line) describe, by keywords; else :data:`GENERIC`.

    Each kind scores the words of its keywords found (``paper mill`` counts two), so a
    longer, more specific keyword wins; a tie goes to the kind listed first.
    """
    text = " ".join(names).lower().replace("_", " ")
    best, best_score = GENERIC, 0
    for kind, pattern in _PATTERNS:
        score = sum(len(found.split()) for found in pattern.findall(text))
        if score > best_score:
            best, best_score = kind, score
    return best
