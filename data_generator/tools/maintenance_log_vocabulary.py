"""Word lists of the ``manufacturing-maintenance-log`` scenario: equipment, failures, work.

Everything a log says is keyed by what it is about: components by equipment type and
failure category, parts by equipment type (its own wear parts) and failure category,
manufacturers by equipment type. The plant kinds are in :mod:`.maintenance_log_plants`,
the sentence grammar in :mod:`.maintenance_log_prose`.
"""

from __future__ import annotations

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
