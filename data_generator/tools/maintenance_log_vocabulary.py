"""Word lists of the ``manufacturing-maintenance-log`` scenario: equipment, failures, work."""

from __future__ import annotations

from typing import Any

#: Per equipment type: model prefix, components, parts (description, unit cost range)
#: and sensors (name, unit, normal range).
EQUIPMENT: dict[str, dict[str, Any]] = {
    "cnc-machine": {
        "prefix": "VMC",
        "components": ("spindle", "tool changer", "way covers", "coolant pump", "X-axis ballscrew"),
        "parts": (("Spindle bearing set", 180, 950), ("Coolant pump", 120, 480),
                  ("Way wiper kit", 40, 160), ("Servo drive fuse", 8, 30)),
        "sensors": (("spindle_vibration", "mm/s", 0.5, 6.0), ("spindle_temperature", "C", 25, 70),
                    ("coolant_pressure", "bar", 2, 20)),
    },
    "conveyor": {
        "prefix": "CV",
        "components": ("drive belt", "head pulley", "idler roller", "gearbox", "drive motor"),
        "parts": (("Belt lacing kit", 30, 120), ("Idler roller", 25, 90),
                  ("Gearbox oil seal", 10, 45), ("Drive belt section", 150, 900)),
        "sensors": (("belt_speed", "m/s", 0.2, 2.5), ("motor_current", "A", 4, 30),
                    ("bearing_temperature", "C", 20, 80)),
    },
    "robot-arm": {
        "prefix": "RA",
        "components": ("wrist joint", "gripper", "base axis", "teach pendant", "cable dress pack"),
        "parts": (("Gripper finger set", 60, 240), ("Joint reducer", 900, 3800),
                  ("Dress pack cable", 200, 700), ("Axis encoder", 300, 1200)),
        "sensors": (("joint_torque", "Nm", 10, 300), ("axis_temperature", "C", 25, 65),
                    ("position_error", "mm", 0.01, 0.5)),
    },
    "hydraulic-press": {
        "prefix": "HP",
        "components": ("main cylinder", "hydraulic pump", "pressure relief valve", "ram guide",
                       "oil cooler"),
        "parts": (("Cylinder seal kit", 90, 400), ("Hydraulic filter", 25, 110),
                  ("Relief valve cartridge", 150, 600), ("Hydraulic hose", 40, 180)),
        "sensors": (("system_pressure", "bar", 80, 320), ("oil_temperature", "C", 30, 65),
                    ("ram_position", "mm", 0, 600)),
    },
    "injection-molder": {
        "prefix": "IM",
        "components": ("screw and barrel", "heater band", "clamp unit", "nozzle", "ejector"),
        "parts": (("Heater band", 45, 220), ("Nozzle tip", 60, 300),
                  ("Check ring", 120, 520), ("Thermocouple", 15, 70)),
        "sensors": (("barrel_temperature", "C", 180, 300), ("injection_pressure", "bar", 400,
                    1800), ("cycle_time", "s", 8, 60)),
    },
    "packaging-machine": {
        "prefix": "PK",
        "components": ("sealing jaw", "film feed roller", "carton erector", "date coder",
                       "vacuum cup"),
        "parts": (("Sealing jaw element", 70, 320), ("Vacuum cup set", 20, 90),
                  ("Film roller bearing", 15, 60), ("Coder printhead", 250, 900)),
        "sensors": (("seal_temperature", "C", 120, 220), ("packs_per_minute", "ppm", 20, 140),
                    ("vacuum_level", "kPa", -80, -40)),
    },
    "compressor": {
        "prefix": "AC",
        "components": ("air end", "intake filter", "oil separator", "cooling fan", "drain valve"),
        "parts": (("Intake filter element", 30, 140), ("Oil separator", 90, 380),
                  ("Compressor oil (5 L)", 40, 120), ("Drain valve", 60, 220)),
        "sensors": (("discharge_pressure", "bar", 6, 13), ("discharge_temperature", "C", 70,
                    105), ("motor_current", "A", 20, 120)),
    },
    "boiler": {
        "prefix": "BL",
        "components": ("burner", "feedwater pump", "safety valve", "flue", "water level probe"),
        "parts": (("Burner nozzle", 40, 160), ("Ignition electrode", 25, 90),
                  ("Gasket set", 30, 140), ("Level probe", 150, 520)),
        "sensors": (("steam_pressure", "bar", 4, 16), ("flue_temperature", "C", 140, 260),
                    ("water_level", "%", 40, 80)),
    },
}  # fmt: skip
MANUFACTURERS = (
    "Brightline Machinery", "Cedar Automation", "Granite Industrial", "Harbor Robotics",
    "Lumen Hydraulics", "Northwind Machine Works", "Orbit Systems", "Summit Thermal",
)  # fmt: skip
FAILURES: dict[str, tuple[str, ...]] = {
    "mechanical": ("Misaligned {component}", "Cracked {component} mount",
                   "Seized {component} bearing"),
    "electrical": ("Tripped overload on the {component} motor", "Loose terminal feeding the "
                   "{component}", "Failed contactor for the {component}"),
    "hydraulic": ("Internal leak at the {component}", "Low hydraulic pressure at the {component}",
                  "Worn seal on the {component}"),
    "pneumatic": ("Air leak at the {component} valve", "Sticking solenoid valve on the "
                  "{component}", "Low air supply to the {component}"),
    "thermal": ("Overheating {component}", "Blocked cooling around the {component}",
                "Failed temperature control of the {component}"),
    "control-system": ("PLC fault stopping the {component}", "Failed proximity sensor on the "
                       "{component}", "Encoder drift on the {component}"),
    "lubrication": ("Dry {component} bearing", "Contaminated oil in the {component}",
                    "Blocked grease line to the {component}"),
}  # fmt: skip
SYMPTOMS = (
    "Unusual noise from the {component}", "Vibration above normal at the {component}",
    "Operator reported the {component} stopping intermittently", "Burning smell near the "
    "{component}", "Alarm raised by the {component} monitor", "Visible leak under the {component}",
    "Output quality dropped after the {component} warmed up",
)  # fmt: skip
ACTIONS: dict[str, tuple[str, ...]] = {
    "preventive": ("Inspected the {component}", "Lubricated the {component}",
                   "Checked the {component} alignment", "Cleaned the {component}",
                   "Tightened fasteners on the {component}"),
    "predictive": ("Took a vibration reading at the {component}", "Ran a thermal scan of the "
                   "{component}", "Sampled oil from the {component}",
                   "Compared the {component} trend with its baseline"),
    "corrective": ("Diagnosed the fault at the {component}", "Replaced the worn {component} part",
                   "Adjusted the {component}", "Tested the {component} under load"),
    "emergency": ("Stopped the line and isolated the {component}", "Fitted a temporary repair "
                  "to the {component}", "Replaced the failed {component} part",
                  "Tested the {component} under load"),
}  # fmt: skip
SAFETY = (
    "Lockout/tagout applied and verified before work.",
    "Stored energy released and checked at zero.",
    "Hot-work permit issued for the repair.",
    "Area barriered off while guards were removed.",
    "Confined-space entry was not required.",
    "Hearing and eye protection worn throughout.",
)
