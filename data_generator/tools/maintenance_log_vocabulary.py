"""Word lists of the ``manufacturing-maintenance-log`` scenario: equipment, failures, work.

Everything a log says is keyed by what it is about: components by equipment type and
failure category, parts by equipment type (its own wear parts) and failure category,
manufacturers by equipment type. The plant kinds are in :mod:`.maintenance_log_plants`,
the sentence tables below are composed by :mod:`.maintenance_log_prose`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

#: Per equipment type: model prefix, components by failure category, its own wear parts
#: (description, unit cost range), sensors (name, unit, normal range) and manufacturers.
EQUIPMENT: dict[str, dict[str, Any]] = {
    "cnc-machine": {
        "prefix": "VMC",
        "components": {
            "mechanical": ("spindle", "X-axis ballscrew", "tool changer", "way covers"),
            "electrical": ("spindle motor", "servo drive", "axis motor cable"),
            "hydraulic": ("tool clamp cylinder", "chuck actuator"),
            "pneumatic": ("spindle air blast valve", "tool changer air cylinder"),
            "thermal": ("spindle cartridge", "electrical cabinet"),
            "control-system": ("CNC controller", "axis encoder", "tool probe"),
            "lubrication": ("way lube pump", "spindle bearings", "ballscrew nut"),
        },
        "parts": (("Spindle bearing set", 180, 950), ("Coolant pump", 120, 480),
                  ("Way wiper kit", 40, 160), ("Ballscrew support bearing", 90, 420)),
        "sensors": (("spindle_vibration", "mm/s", 0.5, 6.0), ("spindle_temperature", "C", 25, 70),
                    ("coolant_pressure", "bar", 2, 20)),
        "manufacturers": ("Meridian Machine Tools", "Northwind Machine Works", "Keystone CNC",
                          "Vantage Machining Systems"),
    },
    "conveyor": {
        "prefix": "CV",
        "components": {
            "mechanical": ("idler roller", "head pulley", "tail pulley", "gearbox"),
            "electrical": ("drive motor", "motor starter", "variable-speed drive"),
            "hydraulic": ("belt take-up cylinder", "hydraulic tensioner"),
            "pneumatic": ("diverter cylinder", "pop-up stop", "belt tracking actuator"),
            "thermal": ("drive motor", "gearbox"),
            "control-system": ("photo-eye", "zone controller", "speed encoder"),
            "lubrication": ("gearbox", "drive chain", "head pulley bearings"),
        },
        "parts": (("Belt lacing kit", 30, 120), ("Idler roller", 25, 90),
                  ("Gearbox oil seal", 10, 45), ("Drive belt section", 150, 900)),
        "sensors": (("belt_speed", "m/s", 0.2, 2.5), ("motor_current", "A", 4, 30),
                    ("bearing_temperature", "C", 20, 80)),
        "manufacturers": ("Beltway Conveyor Systems", "Rollmark Handling", "Transline Conveyors",
                          "Carrier Belt Engineering"),
    },
    "robot-arm": {
        "prefix": "RA",
        "components": {
            "mechanical": ("wrist joint", "base axis reducer", "gripper", "axis 2 gearbox"),
            "electrical": ("axis 3 servo motor", "robot controller power supply",
                           "cable dress pack"),
            "hydraulic": ("heavy-payload balancer", "clamp unit"),
            "pneumatic": ("gripper valve", "vacuum generator", "tool changer lock"),
            "thermal": ("axis 1 motor", "controller cabinet"),
            "control-system": ("teach pendant", "axis encoder", "safety controller"),
            "lubrication": ("axis 1 reducer", "wrist gearbox", "axis 2 reducer"),
        },
        "parts": (("Gripper finger set", 60, 240), ("Joint reducer", 900, 3800),
                  ("Dress pack cable", 200, 700), ("Wrist bearing", 150, 600)),
        "sensors": (("joint_torque", "Nm", 10, 300), ("axis_temperature", "C", 25, 65),
                    ("position_error", "mm", 0.01, 0.5)),
        "manufacturers": ("Harbor Robotics", "Axion Robotics", "Kinetica Automation",
                          "Cedar Automation"),
    },
    "hydraulic-press": {
        "prefix": "HP",
        "components": {
            "mechanical": ("ram guide", "bolster plate", "slide gibs", "die clamp"),
            "electrical": ("pump motor", "motor starter", "light curtain supply"),
            "hydraulic": ("main cylinder", "hydraulic pump", "pressure relief valve",
                          "directional valve"),
            "pneumatic": ("die cushion air valve", "scrap chute cylinder"),
            "thermal": ("oil cooler", "hydraulic power unit"),
            "control-system": ("press PLC", "ram position transducer", "two-hand control"),
            "lubrication": ("slide gibs", "ram guide", "central lube pump"),
        },
        "parts": (("Cylinder seal kit", 90, 400), ("Hydraulic filter", 25, 110),
                  ("Relief valve cartridge", 150, 600), ("Gib wear plate", 120, 480)),
        "sensors": (("system_pressure", "bar", 80, 320), ("oil_temperature", "C", 30, 65),
                    ("ram_position", "mm", 0, 600)),
        "manufacturers": ("Lumen Hydraulics", "Ironside Press Co.", "Tonnage Press Systems",
                          "Granite Industrial"),
    },
    "injection-molder": {
        "prefix": "IM",
        "components": {
            "mechanical": ("clamp unit", "screw and barrel", "ejector", "tie bar"),
            "electrical": ("heater band", "screw drive motor", "pump motor"),
            "hydraulic": ("clamp cylinder", "injection cylinder", "proportional valve"),
            "pneumatic": ("air ejector valve", "mold blow-off valve"),
            "thermal": ("barrel heater zone 3", "nozzle", "mold temperature unit"),
            "control-system": ("machine controller", "thermocouple", "screw position sensor"),
            "lubrication": ("toggle linkage", "tie bar bushings", "central lube pump"),
        },
        "parts": (("Heater band", 45, 220), ("Nozzle tip", 60, 300),
                  ("Check ring", 120, 520), ("Thermocouple", 15, 70)),
        "sensors": (("barrel_temperature", "C", 180, 300), ("injection_pressure", "bar", 400,
                    1800), ("cycle_time", "s", 8, 60)),
        "manufacturers": ("Polyform Machinery", "Moldcraft Systems", "Apex Injection Machines",
                          "Brightline Machinery"),
    },
    "packaging-machine": {
        "prefix": "PK",
        "components": {
            "mechanical": ("sealing jaw", "film feed roller", "carton erector", "indexing cam"),
            "electrical": ("main drive motor", "sealing jaw heater", "servo drive"),
            "hydraulic": ("bale compression cylinder", "lift table cylinder"),
            "pneumatic": ("vacuum cup", "pusher cylinder", "glue valve"),
            "thermal": ("sealing jaw", "shrink tunnel", "hot-melt glue tank"),
            "control-system": ("date coder", "registration sensor", "HMI panel"),
            "lubrication": ("indexing cam", "drive chain", "main gearbox"),
        },
        "parts": (("Sealing jaw element", 70, 320), ("Vacuum cup set", 20, 90),
                  ("Film roller bearing", 15, 60), ("Coder printhead", 250, 900)),
        "sensors": (("seal_temperature", "C", 120, 220), ("packs_per_minute", "ppm", 20, 140),
                    ("vacuum_level", "kPa", -80, -40)),
        "manufacturers": ("Packline Engineering", "Wrapwell Machines", "Orbit Systems",
                          "Cartonex Packaging Machinery"),
    },
    "compressor": {
        "prefix": "AC",
        "components": {
            "mechanical": ("air end", "coupling", "cooling fan"),
            "electrical": ("main motor", "star-delta starter", "fan motor"),
            "hydraulic": ("oil injection circuit", "thermostatic oil valve"),
            "pneumatic": ("inlet valve", "minimum pressure valve", "drain valve"),
            "thermal": ("aftercooler", "oil cooler", "air end"),
            "control-system": ("compressor controller", "pressure transducer",
                               "temperature sensor"),
            "lubrication": ("air end bearings", "oil separator", "motor bearings"),
        },
        "parts": (("Intake filter element", 30, 140), ("Oil separator", 90, 380),
                  ("Compressor oil (5 L)", 40, 120), ("Drain valve", 60, 220)),
        "sensors": (("discharge_pressure", "bar", 6, 13), ("discharge_temperature", "C", 70,
                    105), ("motor_current", "A", 20, 120)),
        "manufacturers": ("Northwind Air Systems", "Aerocore Compressors", "Stratus Air Power",
                          "Pressureline Compressor Co."),
    },
    "boiler": {
        "prefix": "BL",
        "components": {
            "mechanical": ("feedwater pump", "burner fan", "flue damper"),
            "electrical": ("burner control panel", "feedwater pump motor", "ignition transformer"),
            "hydraulic": ("feedwater pump", "blowdown valve"),
            "pneumatic": ("flue damper actuator", "fuel valve actuator"),
            "thermal": ("burner", "fire tubes", "refractory lining"),
            "control-system": ("water level probe", "flame scanner", "burner controller"),
            "lubrication": ("feedwater pump bearings", "burner fan bearings"),
        },
        "parts": (("Burner nozzle", 40, 160), ("Ignition electrode", 25, 90),
                  ("Gasket set", 30, 140), ("Level probe", 150, 520)),
        "sensors": (("steam_pressure", "bar", 4, 16), ("flue_temperature", "C", 140, 260),
                    ("water_level", "%", 40, 80)),
        "manufacturers": ("Summit Thermal", "Ironvale Boiler Works", "Steamcrest Boilers",
                          "Hearthline Thermal Systems"),
    },
}  # fmt: skip

#: Parts used for a failure of each category, on any equipment (a mechanical failure uses
#: the equipment's own wear parts).
CATEGORY_PARTS: dict[str, tuple[tuple[str, float, float], ...]] = {
    "electrical": (("Motor contactor", 40, 180), ("Overload relay", 35, 150),
                   ("Terminal block set", 8, 30), ("Motor cable (10 m)", 60, 240)),
    "hydraulic": (("Hydraulic seal kit", 60, 320), ("Hydraulic hose assembly", 40, 180),
                  ("Return line filter", 25, 110), ("Hydraulic oil (20 L)", 70, 160)),
    "pneumatic": (("Solenoid valve", 45, 220), ("Air cylinder seal kit", 20, 90),
                  ("Push-in fitting set", 10, 40), ("Filter regulator", 60, 210)),
    "thermal": (("Cooling fan", 60, 260), ("Thermostat valve", 45, 190),
                ("Heat exchanger gasket", 20, 90), ("Thermal paste kit", 8, 25)),
    "control-system": (("Inductive proximity sensor", 30, 140), ("Incremental encoder", 150, 600),
                       ("PLC I/O module", 200, 900), ("Sensor cable", 15, 60)),
    "lubrication": (("Grease cartridge (400 g)", 6, 20), ("Gear oil (20 L)", 60, 180),
                    ("Lube line fitting kit", 15, 70), ("Grease metering block", 80, 320)),
}  # fmt: skip

#: Consumables of routine (preventive, predictive) work with no failure.
ROUTINE_PARTS = (
    ("Grease cartridge (400 g)", 6, 20), ("Gear oil (20 L)", 60, 180),
    ("Air filter element", 20, 90), ("Return line filter", 25, 110),
)  # fmt: skip


def _numbers(low: float, high: float, step: float = 1, digits: int = 0) -> tuple[str, ...]:
    count = round((high - low) / step) + 1
    return tuple(f"{low + i * step:.{digits}f}" for i in range(count))


NUMBERS: dict[str, Sequence[str]] = {
    "mm": _numbers(0.2, 3.0, 0.1, 1),
    "vib": _numbers(4.5, 14.9, 0.1, 1),
    "vib_ok": _numbers(0.8, 4.4, 0.1, 1),
    "megohm": _numbers(0.2, 1.9, 0.1, 1),
    "megohm_ok": _numbers(50, 500, 10),
    "bar_low": _numbers(40, 140, 5),
    "bar_air": _numbers(3.1, 5.4, 0.1, 1),
    "bar_ok": _numbers(6.0, 7.5, 0.1, 1),
    "litres": _numbers(1, 12),
    "temp_hot": _numbers(78, 140),
    "temp_limit": _numbers(70, 90, 5),
    "temp_ok": _numbers(28, 45),
    "faults": _numbers(3, 40),
    "code": _numbers(100, 999),
    "hours_over": _numbers(50, 900, 10),
    "ppm": _numbers(40, 400, 5),
    "count": _numbers(3, 30),
    "pct": _numbers(5, 40),
    "nm": _numbers(20, 220, 5),
    "nm_small": _numbers(1.2, 4.0, 0.2, 1),
    "grams": _numbers(10, 60, 5),
    "weeks": _numbers(2, 12),
    "minutes": _numbers(10, 90, 5),
    "db": _numbers(8, 30),
    "lel": ("0", "0", "1", "2"),
    "o2": _numbers(20.4, 20.9, 0.1, 1),
    "ohms": _numbers(0.8, 9.9, 0.1, 1),
    "cal": ("8", "12", "25", "40"),
    "ref": _numbers(1000, 9999),
    "lock": _numbers(100, 999),
    "gauge": _numbers(1, 60),
    "clock": tuple(f"{h:02d}:{m:02d}" for h in range(24) for m in range(0, 60, 5)),
    "n2": _numbers(1, 48),
    "d": _numbers(1, 9),
    "rate": _numbers(60, 98),
}

TABLES: dict[str, Sequence[str]] = {
    "point": ("disconnect DS-{n2}", "MCC-{d} bucket {n2}", "panel LP-{d} breaker {n2}",
              "isolator IS-{n2}"),
    "tester": ("a two-pole tester", "a proving unit and multimeter", "a CAT III meter"),
    "interval": ("Weekly", "Monthly", "Quarterly", "Six-monthly", "Annual", "500-hour",
                 "2,000-hour"),
    # The failure: defect and finding, by category.
    "defect_mechanical": ("seized bearing on the {component}", "misaligned {component}",
                          "cracked mount under the {component}", "excessive play in the "
                          "{component}", "loose fasteners on the {component}", "sheared key on "
                          "the {component} shaft", "worn {component}"),
    "finding_mechanical": ("{vib} mm/s vibration at the drive end", "{mm} mm of axial play",
                           "{vib} mm/s vibration at the non-drive end", "{mm} mm out of line"),
    "defect_electrical": ("tripped overload on the {component}", "burnt terminal at the "
                          "{component}", "phase imbalance on the {component} supply",
                          "intermittent power loss to the {component}", "chafed cable to the "
                          "{component}", "failed contactor for the {component}", "earth fault "
                          "on the {component}"),
    "finding_electrical": ("drawing {pct} % over its rated current", "insulation down to "
                           "{megohm} megohm", "{faults} trips logged since the last shift change",
                           "{pct} % imbalance between phases"),
    "defect_hydraulic": ("internal leak at the {component}", "low pressure at the {component}",
                         "worn seal on the {component}", "external leak from the {component} "
                         "fittings", "sticking spool in the {component}", "aerated oil at the "
                         "{component}"),
    "finding_hydraulic": ("pressure falling to {bar_low} bar under load", "losing about {litres} "
                          "L of oil per shift", "stroke {pct} % slower than normal", "oil at "
                          "{temp_hot} C in the tank"),
    "defect_pneumatic": ("air leak at the {component}", "sticking solenoid on the {component}",
                         "low air supply to the {component}", "split hose to the {component}",
                         "worn seals in the {component}"),
    "finding_pneumatic": ("supply down to {bar_air} bar", "audible leak at {bar_air} bar",
                          "cycle {pct} % slower than normal", "{faults} missed cycles in the "
                          "last hour"),
    "defect_thermal": ("overheating {component}", "blocked cooling around the {component}",
                       "failed temperature control of the {component}", "fouled heat transfer "
                       "at the {component}", "repeated temperature alarms on the {component}"),
    "finding_thermal": ("running at {temp_hot} C", "{temp_hot} C at the housing against a "
                        "{temp_limit} C limit", "{pct} % above its usual temperature",
                        "{faults} high-temperature alarms this week"),
    "defect_control-system": ("PLC fault stopping the {component}", "lost signal from the "
                              "{component}", "drift on the {component}", "communication loss "
                              "with the {component}", "intermittent fault on the {component}"),
    "finding_control-system": ("fault code E{code}", "{faults} faults logged in the last shift",
                               "position drifting by {mm} mm", "{faults} timeouts since {clock}"),
    "defect_lubrication": ("dry bearings in the {component}", "contaminated oil in the "
                           "{component}", "blocked grease line to the {component}", "low oil "
                           "level in the {component}", "wrong grease found in the {component}"),
    "finding_lubrication": ("{hours_over} h past its lubrication interval", "oil sample showing "
                            "{ppm} ppm iron", "oil level {pct} % below the mark", "{temp_hot} C "
                            "at the bearing housing"),
    # What was seen before the work, by category.
    "symptom_mechanical": ("knocking from the {component} at full speed {since}", "{product} "
                           "misfeeding after the {component} {since}", "vibration at the "
                           "{component} felt by the operator {since}", "grinding from the "
                           "{component} for {count} minutes after start-up", "output down {pct} "
                           "% since the {component} started rattling"),
    "symptom_electrical": ("drive tripped {count} times during the {shift} shift", "burning "
                           "smell from the {component} panel {since}", "the {component} stopping "
                           "without an alarm {count} times", "breaker for the {component} warm "
                           "to the touch {since}", "sparks seen at the {component} {since}"),
    "symptom_hydraulic": ("oil puddle of about {litres} L under the {component} {since}", "the "
                          "{component} slowing over {count} cycles {since}", "pump whining at the "
                          "{component} {since}", "pressure gauge at the {component} swinging by "
                          "{pct} % {since}"),
    "symptom_pneumatic": ("hissing at the {component} {since}", "{product} rejected for missed "
                          "pushes {count} times", "air pressure at the {component} dropping to "
                          "{bar_air} bar {since}", "slow stroke at the {component}, {pct} % longer "
                          "cycle"),
    "symptom_thermal": ("high-temperature alarm on the {component} {since}", "hot smell near "
                        "the {component} {since}", "{component} too hot to touch, {temp_hot} C "
                        "on the IR gun", "{product} quality dropping once the {component} warmed "
                        "up, {count} rejects an hour"),
    "symptom_control-system": ("{faults} unexplained stops on the {shift} shift",
                               "HMI showing fault E{code} at the {component} {since}",
                               "{product} miscounted by {count} an hour",
                               "the {component} signal flickering on the diagnostics screen "
                               "{since}"),
    "symptom_lubrication": ("squealing from the {component} for {count} minutes",
                            "low-level alarm on the {component} {since}", "dark, thick oil at "
                            "the {component} sight glass {since}", "{component} running {pct} % "
                            "hotter than its baseline {since}"),
    # The steps of a repair.
    "isolate_emergency": ("Stopped {line} and isolated the {asset} at {isolation}",
                          "Made the {asset} safe: {line} stopped, isolated at {isolation}"),
    "isolate_routine": ("Isolated the {asset} at {isolation} and verified zero energy",
                        "Locked out the {asset} at {isolation}"),
    "diagnose": ("Confirmed {defect} ({finding})", "Inspected the {component} and found "
                 "{defect}: {finding}", "Traced the fault to the {component}: {finding}"),
    "repair_mechanical": ("Replaced the {part} on the {component} and realigned it to {mm} mm",
                          "Fitted a new {part} to the {component}, fasteners torqued to {nm} Nm",
                          "Removed the {component}, fitted the {part} and refitted it"),
    "repair_electrical": ("Replaced the {part} for the {component} and re-terminated at "
                          "{nm_small} Nm", "Fitted a new {part}; insulation on the {component} "
                          "now {megohm_ok} megohm"),
    "repair_hydraulic": ("Fitted the {part} to the {component} and topped up {litres} L of "
                         "ISO VG 46 oil", "Replaced the {part} at the {component} and bled air "
                         "from the circuit over {minutes} min"),
    "repair_pneumatic": ("Replaced the {part} at the {component} and leak-tested at {bar_ok} "
                         "bar", "Fitted a new {part} to the {component}; no leaks at {bar_ok} "
                         "bar"),
    "repair_thermal": ("Cleaned the cooling passages of the {component} and fitted a new "
                       "{part}", "Replaced the {part} on the {component}; temperature settled "
                       "at {temp_ok} C"),
    "repair_control-system": ("Replaced the {part} at the {component} and re-taught its "
                              "position", "Fitted a new {part} to the {component} and cleared "
                              "fault E{code}"),
    "repair_lubrication": ("Flushed the {component} and refilled it ({part})", "Cleared the line "
                           "to the {component} and fitted a {part}", "Regreased the {component} "
                           "with {grams} g ({part})"),
    "started": ("Started fitting the {part} to the {component}", "Removing the {component} to "
                "fit the {part}"),
    "started_lubrication": ("Draining the {component} before adding the {part}",
                            "Flushing the {component} before applying the {part}"),
    "test": ("Test-ran the {asset} for {minutes} min under load: {check_ok}",
             "Ran {count} test cycles on the {asset}: {check_ok}",
             "Handed the {asset} back to the {shift} shift after {minutes} min of test "
             "running ({check_ok})"),
    "check_ok": ("vibration {vib_ok} mm/s", "temperatures steady at {temp_ok} C",
                 "no faults in {count} cycles", "current {pct} % below its rating",
                 "output back to {rate} % of rate"),
    "since": ("since {clock}", "over the last {count} hours", "on the {shift} shift",
              "after the {clock} start-up", "for {count} minutes before the stop",
              "{count} times since the last PM"),
    "deferred_failure": ("Assessed the {component} ({finding}); deferred until the {part} "
                         "arrives", "Assessed the {component}: {defect}; repair deferred to the "
                         "shutdown in week {weeks}"),
    "deferred_routine": ("Assessed the {component}; work deferred to the shutdown in week "
                         "{weeks}", "Deferred the work on the {component}: {line} has no window "
                         "for {count} days"),
    # Safety notes: permit, isolation by category, equipment and plant kind.
    "permit": ("Permit to work PTW-{ref} issued by the {plant} shift supervisor",
               "Work done under {plant} permit PTW-{ref}, signed off by {tech}"),
    "safety_mechanical": ("Lockout/tagout at {isolation}, lock L-{lock}; moving parts blocked "
                          "before guards came off", "Lockout/tagout at {isolation} with lock "
                          "L-{lock}; gravity loads on the {component} blocked"),
    "safety_electrical": ("Lockout/tagout at {isolation} with lock L-{lock}; absence of voltage "
                          "verified with {tester}", "Arc-flash PPE ({cal} cal/cm2) worn for "
                          "testing; lockout/tagout at {isolation}, lock L-{lock}"),
    "safety_hydraulic": ("Lockout/tagout at {isolation}; stored hydraulic pressure bled to 0 bar "
                         "at gauge PG-{gauge}", "Hydraulic pressure bled to 0 bar at gauge "
                         "PG-{gauge} and the {component} blocked; lock L-{lock}"),
    "safety_pneumatic": ("Air supply locked off at valve AV-{gauge} and residual air vented to "
                         "0 bar; lock L-{lock}", "Residual air vented at the {component} and "
                         "supply valve AV-{gauge} locked with L-{lock}"),
    "safety_thermal": ("The {component} left to cool to {temp_ok} C before work; lock L-{lock} "
                       "at {isolation}", "Hot surfaces tagged; work began once the {component} "
                       "had cooled to {temp_ok} C"),
    "safety_control-system": ("Lockout/tagout at {isolation} before touching field wiring; "
                              "safety circuit bypass SB-{ref} authorised by {tech}",
                              "Safety functions tested {count} times after the change; "
                              "lockout/tagout at {isolation} during the work"),
    "safety_lubrication": ("Lockout/tagout at {isolation} while greasing; spill kit at hand",
                           "Spill kit at hand and {litres} L of used oil to the waste drum; lock "
                           "L-{lock} at {isolation}"),
    "safety_preventive": ("Lockout/tagout at {isolation}, lock L-{lock}, for the inspection",
                          "Guards opened only after lockout/tagout at {isolation} (lock "
                          "L-{lock})"),
    "safety_predictive": ("Readings taken from outside the guards with the {asset} running at "
                          "{pct} % speed", "Non-intrusive checks only; guards stayed on and "
                          "{tech} kept {count} m from moving parts"),
    "confined": ("Confined-space entry permit CSE-{ref}: oxygen {o2} %, attendant posted at the "
                 "manhole", "Confined-space entry under permit CSE-{ref}; gas tested at {o2} % "
                 "oxygen by {tech}"),
}  # fmt: skip

#: Routine tasks (summary noun, step templates), by maintenance type.
ROUTINE: dict[str, dict[str, tuple[str, ...]]] = {
    "preventive": {
        "inspection": ("Inspected the {any} for wear: {pct} %, within limits",
                       "Inspected the {any}: {count} checklist points passed, {rate} % life "
                       "left"),
        "lubrication": ("Greased the {moving} with {grams} g at {d} points",
                        "Lubricated the {moving} and wiped off {grams} g of old grease"),
        "alignment check": ("Checked the {moving} alignment: {mm} mm, within tolerance",),
        "cleaning": ("Cleaned the {any} and cleared debris left by {product}", "Cleaned the "
                     "{any}; the build-up took {count} minutes to remove"),
        "torque check": ("Torqued {count} fasteners on the {moving} to {nm} Nm",),
        "guard check": ("Checked the {any} guard and interlock: {count} tests passed",),
    },
    "predictive": {
        "vibration survey": ("Took vibration readings at the {moving}: {vib_ok} mm/s overall",),
        "thermography": ("Ran a thermal scan of the {any}: hottest point {temp_ok} C",),
        "oil analysis": ("Sampled oil from the {oiled} (sample OS-{ref}) for lab analysis",),
        "trend review": ("Compared the {any} trend with its baseline: {pct} % rise over "
                         "{weeks} weeks",),
        "ultrasound check": ("Ran an ultrasound check on the {moving}: {db} dB over baseline",),
    },
}  # fmt: skip
