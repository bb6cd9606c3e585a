"""Word lists of the ``ecommerce-order-history`` scenario: products, return reasons, places."""

from __future__ import annotations

# Each industry's SKU prefix, then its categories: each a price model (the cheapest and
# dearest unit price of the category's plainest product) and its products, each a name and
# its price factor over that model.
Category = tuple[tuple[float, float], tuple[tuple[str, float], ...]]
SHOPS: dict[str, tuple[str, dict[str, Category]]] = {
    "electronics": ("ELE", {
        "audio": ((25, 200), (("Wireless Earbuds", 1.0), ("Bluetooth Speaker", 1.2),
                             ("Over-Ear Headphones", 1.5))),
        "power": ((12, 60), (("USB-C Charger", 1.0), ("Power Bank 20000 mAh", 1.4))),
        "computing": ((15, 90), (("Mechanical Keyboard", 2.0), ("Wireless Mouse", 1.0),
                                 ("27-inch Monitor", 6.5), ("Laptop Sleeve", 0.6))),
        "smart-home": ((15, 80), (("Smart Plug (2-pack)", 0.6), ("Video Doorbell", 2.0))),
        "cameras": ((90, 450), (("Action Camera", 1.0), ("Dash Cam", 0.7))),
    }),
    "apparel": ("APP", {
        "tops": ((12, 45), (("Organic Cotton T-Shirt", 1.0), ("Merino Sweater", 3.4),
                            ("Linen Shirt", 2.2), ("Fleece Hoodie", 2.0))),
        "bottoms": ((35, 120), (("Slim Fit Jeans", 1.0), ("Stretch Chinos", 0.9))),
        "outerwear": ((55, 240), (("Rain Jacket", 1.0), ("Puffer Coat", 1.3))),
        "footwear": ((50, 180), (("Running Sneakers", 1.0), ("Ankle Boots", 1.2))),
        "accessories": ((18, 80), (("Wool Scarf", 1.0), ("Leather Belt", 1.1),
                                   ("Baseball Cap", 0.8))),
    }),
    "grocery": ("GRO", {
        "pantry": ((3, 12), (("Extra Virgin Olive Oil 1 l", 1.8), ("Basmati Rice 2 kg", 1.0),
                             ("Almond Butter", 1.2))),
        "drinks": ((3, 15), (("Cold Brew Coffee", 0.7), ("Oat Milk 6-pack", 1.3),
                             ("Sparkling Water 12-pack", 0.9), ("Green Tea (40 bags)", 0.7))),
        "snacks": ((2, 10), (("Dark Chocolate Bar", 0.6), ("Granola 500 g", 1.0),
                             ("Sea Salt Crisps", 0.5))),
    }),
    "home-garden": ("HOM", {
        "kitchen": ((25, 160), (("Cast Iron Skillet", 0.7), ("Chef's Knife", 1.0))),
        "bedding": ((30, 180), (("Memory Foam Pillow", 0.7), ("Duvet Cover Set", 1.0))),
        "lighting": ((20, 260), (("Floor Lamp", 1.0), ("Solar Path Lights (6)", 0.3))),
        "garden": ((12, 320), (("Raised Garden Bed", 1.0), ("Pruning Shears", 0.2),
                               ("Storage Baskets (3)", 0.2))),
    }),
    "beauty": ("BEA", {
        "skincare": ((10, 90), (("Hydrating Serum", 1.0), ("Mineral Sunscreen SPF 50", 0.5),
                                ("Gel Cleanser", 0.4), ("Night Cream", 1.0))),
        "makeup": ((8, 40), (("Matte Lipstick", 1.0), ("Makeup Brush Set", 1.8))),
        "haircare": ((7, 40), (("Repair Shampoo", 0.8), ("Hair Oil", 1.0))),
        "fragrance": ((35, 160), (("Eau de Parfum 50 ml", 1.0),)),
    }),
    "sports": ("SPO", {
        "fitness": ((10, 95), (("Yoga Mat", 1.0), ("Adjustable Dumbbells", 4.0),
                               ("Resistance Bands", 0.4))),
        "outdoor": ((45, 420), (("Hiking Backpack 30 l", 0.45), ("Two-Person Tent", 1.0),
                                ("Insulated Bottle", 0.1))),
        "running": ((60, 200), (("Running Shoes", 1.0),)),
        "cycling": ((35, 180), (("Bike Helmet", 1.0),)),
        "team-sports": ((15, 60), (("Soccer Ball", 1.0),)),
    }),
    "toys": ("TOY", {
        "building": ((25, 110), (("Magnetic Tiles (60)", 1.0), ("Marble Run", 0.8))),
        "plush": ((10, 40), (("Plush Bear", 1.0),)),
        "games": ((12, 65), (("Strategy Board Game", 1.0), ("1000-Piece Puzzle", 0.55))),
        "outdoor-play": ((8, 150), (("Kick Scooter", 1.0), ("Water Blaster", 0.2))),
        "stem": ((30, 180), (("Coding Robot", 1.0), ("Microscope Kit", 0.67))),
    }),
    "books": ("BOO", {
        "fiction": ((9, 28), (("The Silent Orchard (novel)", 1.0),
                              ("The Salt Archive (thriller)", 1.0))),
        "non-fiction": ((14, 35), (("A Short History of Maps", 1.0),
                                   ("Garden Year Planner", 0.85))),
        "cookbooks": ((15, 40), (("Weeknight Cookbook", 1.0),)),
        "professional": ((20, 75), (("Programming Guide (2nd edition)", 1.0),
                                    ("Business Handbook", 0.75))),
        "children": ((7, 26), (("Picture Book: The Brave Kite", 1.0), ("Poetry Anthology", 1.0))),
    }),
}  # fmt: skip
#: Each industry's SKU prefix and products (name, lowest and highest unit price), SKU order.
CATALOG: dict[str, tuple[str, tuple[tuple[str, float, float], ...]]] = {
    industry: (
        prefix,
        tuple(
            (name, round(low * factor, 2), round(high * factor, 2))
            for (low, high), products in categories.values()
            for name, factor in products
        ),
    )
    for industry, (prefix, categories) in SHOPS.items()
}
#: Each product's category, by industry and product name.
CATEGORY_OF: dict[str, dict[str, str]] = {
    industry: {name: category for category, (_, products) in cats.items() for name, _ in products}
    for industry, (_, cats) in SHOPS.items()
}
#: The return reason a corrected record gets (the attribute cannot say why).
APPLIED_REASON = "Arrived damaged"
#: Street words and fictional towns of shipping addresses.
PLACES = {
    "street": ("Maple", "Cedar", "Harbor", "Willow", "Orchard", "Mill", "Station", "Lark",
               "Meadow", "Quarry", "Chapel", "Birch"),
    "kind": ("Street", "Avenue", "Lane", "Road", "Close", "Way"),
    "city": ("Maple Falls", "Riverton", "Cedar Grove", "Lakeshore", "Brookhaven", "Pine Ridge",
             "Harborview", "Stonebridge", "Elmstead", "Foxbury", "Larkmoor", "Wrenfield"),
}  # fmt: skip
