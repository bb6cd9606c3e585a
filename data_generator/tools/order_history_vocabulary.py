"""Word lists of the ``ecommerce-order-history`` scenario: products, return reasons, places."""

from __future__ import annotations

# Product name, lowest and highest unit price; each industry's SKU prefix first.
CATALOG: dict[str, tuple[str, tuple[tuple[str, float, float], ...]]] = {
    "electronics": ("ELE", (
        ("Wireless Earbuds", 29, 199), ("Bluetooth Speaker", 25, 249), ("USB-C Charger", 12, 59),
        ("Mechanical Keyboard", 45, 189), ("Wireless Mouse", 15, 89), ("27-inch Monitor", 149, 599),
        ("Smart Plug (2-pack)", 15, 45), ("Action Camera", 99, 449), ("Laptop Sleeve", 14, 49),
    )),
    "apparel": ("APP", (
        ("Organic Cotton T-Shirt", 12, 45), ("Slim Fit Jeans", 35, 120), ("Rain Jacket", 55, 240),
        ("Merino Sweater", 45, 160), ("Running Sneakers", 50, 180), ("Wool Scarf", 18, 70),
        ("Leather Belt", 20, 85), ("Linen Shirt", 30, 95), ("Fleece Hoodie", 28, 90),
    )),
    "grocery": ("GRO", (
        ("Extra Virgin Olive Oil 1 l", 7, 22), ("Basmati Rice 2 kg", 4, 12),
        ("Cold Brew Coffee", 3, 9), ("Dark Chocolate Bar", 2, 6), ("Granola 500 g", 4, 10),
        ("Oat Milk 6-pack", 9, 18), ("Sparkling Water 12-pack", 5, 12), ("Almond Butter", 6, 14),
        ("Green Tea (40 bags)", 3, 9),
    )),
    "home-garden": ("HOM", (
        ("Cast Iron Skillet", 25, 90), ("Memory Foam Pillow", 30, 110), ("Floor Lamp", 45, 260),
        ("Raised Garden Bed", 60, 320), ("Pruning Shears", 12, 55), ("Duvet Cover Set", 40, 180),
        ("Solar Path Lights (6)", 20, 70), ("Chef's Knife", 30, 160),
        ("Storage Baskets (3)", 18, 60),
    )),
    "beauty": ("BEA", (
        ("Hydrating Serum", 12, 85), ("Mineral Sunscreen SPF 50", 10, 40),
        ("Matte Lipstick", 8, 38),
        ("Repair Shampoo", 7, 32), ("Eau de Parfum 50 ml", 35, 160), ("Gel Cleanser", 8, 30),
        ("Makeup Brush Set", 15, 75), ("Night Cream", 14, 95), ("Hair Oil", 9, 42),
    )),
    "sports": ("SPO", (
        ("Yoga Mat", 18, 95), ("Adjustable Dumbbells", 80, 380), ("Bike Helmet", 35, 180),
        ("Running Shoes", 60, 200), ("Hiking Backpack 30 l", 45, 190), ("Resistance Bands", 10, 40),
        ("Soccer Ball", 15, 60), ("Two-Person Tent", 90, 420), ("Insulated Bottle", 12, 45),
    )),
    "toys": ("TOY", (
        ("Magnetic Tiles (60)", 30, 110), ("Plush Bear", 10, 40), ("Strategy Board Game", 20, 65),
        ("1000-Piece Puzzle", 12, 35), ("Coding Robot", 45, 180), ("Kick Scooter", 40, 150),
        ("Marble Run", 25, 90), ("Microscope Kit", 30, 120), ("Water Blaster", 8, 30),
    )),
    "books": ("BOO", (
        ("The Silent Orchard (novel)", 9, 28), ("Weeknight Cookbook", 15, 40),
        ("A Short History of Maps", 14, 35), ("Programming Guide, 2nd ed.", 30, 75),
        ("Picture Book: The Brave Kite", 7, 20), ("The Salt Archive (thriller)", 9, 27),
        ("Business Handbook", 20, 55), ("Garden Year Planner", 12, 30),
        ("Poetry Anthology", 10, 26),
    )),
}  # fmt: skip
#: Why a customer sends an order back, at any shop.
RETURN_REASONS = (
    "Arrived damaged", "Not as described", "Changed my mind", "Found a better price",
    "Item was defective", "Received the wrong item", "Arrived too late to be useful",
)  # fmt: skip
#: Further return reasons of each industry.
INDUSTRY_RETURN_REASONS = {
    "electronics": ("Would not pair with my phone", "Battery drained too quickly"),
    "apparel": ("Too small", "Colour differs from the photos"),
    "grocery": ("Close to its best-before date", "Packaging was leaking"),
    "home-garden": ("Too large for the space", "Parts missing from the box"),
    "beauty": ("Shade did not match", "Caused skin irritation"),
    "sports": ("Size runs small", "Not sturdy enough"),
    "toys": ("Duplicate gift", "Too advanced for the child"),
    "books": ("Duplicate gift", "Pages misprinted"),
}
#: Street words and fictional towns of shipping addresses.
PLACES = {
    "street": ("Maple", "Cedar", "Harbor", "Willow", "Orchard", "Mill", "Station", "Lark",
               "Meadow", "Quarry", "Chapel", "Birch"),
    "kind": ("Street", "Avenue", "Lane", "Road", "Close", "Way"),
    "city": ("Maple Falls", "Riverton", "Cedar Grove", "Lakeshore", "Brookhaven", "Pine Ridge",
             "Harborview", "Stonebridge", "Elmstead", "Foxbury", "Larkmoor", "Wrenfield"),
}  # fmt: skip
