"""Word lists of the ``retail-product`` scenario: industry profiles, brands, names and reviews."""

from __future__ import annotations

from dataclasses import dataclass

from data_generator.phrases import Grammar


@dataclass(frozen=True)
class Profile:
    """What products of one industry are made of.

    Attributes:
        prefix: Three letters that start every SKU.
        brand_suffixes: Second words of fictional brand names.
        categories: Subcategories by category.
        prices: ``(low, high)`` list-price range of each price band.
        features: Feature phrases to pick from.
        axes: Two variant axes, each a name and its values.
        weight_kg: Range of shipping weights.
        size_cm: Range of each dimension.
    """

    prefix: str
    brand_suffixes: tuple[str, ...]
    categories: dict[str, tuple[str, ...]]
    prices: dict[str, tuple[float, float]]
    features: tuple[str, ...]
    axes: tuple[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]]]
    weight_kg: tuple[float, float]
    size_cm: tuple[float, float]


def _bands(low: float, first: float, second: float, high: float) -> dict[str, tuple[float, float]]:
    return {"budget": (low, first), "mid-range": (first, second), "premium": (second, high)}


COLORS = ("Black", "White", "Navy", "Olive", "Graphite", "Red", "Sky Blue", "Sand")
PROFILES: dict[str, Profile] = {
    "electronics": Profile(
        "ELE", ("Electronics", "Devices", "Tech"),
        {
            "Audio": ("Wireless Earbuds", "Bluetooth Speaker", "Soundbar", "Over-Ear Headphones"),
            "Computing": ("Laptop", "Mechanical Keyboard", "Wireless Mouse", "USB-C Hub"),
            "Mobile": ("Smartphone", "Tablet", "Power Bank", "Phone Case"),
            "Smart Home": ("Smart Plug", "Video Doorbell", "Smart Thermostat", "Mesh Router"),
            "Cameras": ("Action Camera", "Mirrorless Camera", "Camera Tripod", "Dash Cam"),
        },
        _bands(9, 60, 300, 1800),
        ("USB-C fast charging", "Low-power standby mode", "Over-the-air firmware updates",
         "Bluetooth 5.3 connectivity", "Splash-resistant casing", "Companion app control",
         "Two-year limited warranty", "Recycled plastic housing", "Aluminium unibody design"),
        (("Color", COLORS[:5]), ("Bundle", ("Standard", "With Travel Case", "Starter Kit"))),
        (0.05, 3.0), (4, 45),
    ),
    "apparel": Profile(
        "APP", ("Apparel", "Outfitters", "Clothiers"),
        {
            "Tops": ("T-Shirt", "Hoodie", "Blouse", "Polo Shirt"),
            "Bottoms": ("Jeans", "Chinos", "Joggers", "Pleated Skirt"),
            "Outerwear": ("Rain Jacket", "Puffer Coat", "Fleece Vest", "Trench Coat"),
            "Footwear": ("Sneakers", "Ankle Boots", "Sandals", "Loafers"),
            "Accessories": ("Wool Scarf", "Leather Belt", "Baseball Cap", "Canvas Tote"),
        },
        _bands(8, 40, 120, 450),
        ("Organic cotton fabric", "Relaxed fit", "Machine washable", "Recycled polyester lining",
         "Reinforced stitching", "Breathable mesh panels", "Hidden zip pocket",
         "Water-repellent finish", "Stretch waistband"),
        (("Size", ("XS", "S", "M", "L", "XL")), ("Color", COLORS)),
        (0.1, 1.8), (8, 60),
    ),
    "grocery": Profile(
        "GRO", ("Pantry", "Farms", "Foods"),
        {
            "Pantry": ("Extra Virgin Olive Oil", "Basmati Rice", "Whole Wheat Pasta", "Chickpeas"),
            "Snacks": ("Sea Salt Crisps", "Trail Mix", "Dark Chocolate Bar", "Rice Crackers"),
            "Beverages": ("Cold Brew Coffee", "Green Tea", "Sparkling Water", "Oat Milk"),
            "Breakfast": ("Granola", "Rolled Oats", "Maple Syrup", "Almond Butter"),
            "Frozen": ("Veggie Dumplings", "Berry Medley", "Margherita Pizza", "Mango Sorbet"),
        },
        _bands(1, 5, 15, 60),
        ("Certified organic", "No added sugar", "Gluten free", "Vegan friendly",
         "Resealable pack", "Sustainably sourced", "Source of fibre", "Made in small batches",
         "No artificial colours"),
        (("Size", ("250 g", "500 g", "1 kg", "6-pack", "12-pack")),
         ("Flavor", ("Original", "Lightly Salted", "Honey", "Spicy", "Unsweetened"))),
        (0.1, 2.5), (5, 35),
    ),
    "home-garden": Profile(
        "HOM", ("Home", "Living", "Gardens"),
        {
            "Kitchen": ("Chef's Knife", "Cast Iron Skillet", "Stand Mixer", "Knife Block"),
            "Furniture": ("Bookshelf", "Accent Chair", "Side Table", "TV Stand"),
            "Bedding": ("Duvet Cover Set", "Memory Foam Pillow", "Weighted Blanket", "Sheets"),
            "Garden": ("Hose Reel", "Raised Garden Bed", "Pruning Shears", "Solar Path Lights"),
            "Lighting": ("Floor Lamp", "Pendant Light", "Desk Lamp", "String Lights"),
        },
        _bands(10, 50, 250, 1500),
        ("Sustainably sourced materials", "Tool-free assembly", "Weather-resistant coating",
         "Easy-clean surface", "Fits small spaces", "Neutral design that suits any room",
         "Five-year warranty", "Rust-proof hardware", "Stain-resistant finish"),
        (("Finish", ("Natural Oak", "Matte Black", "Sage Green", "Terracotta", "White")),
         ("Size", ("Small", "Medium", "Large", "Queen", "King"))),
        (0.3, 25.0), (10, 150),
    ),
    "beauty": Profile(
        "BEA", ("Beauty", "Botanicals", "Cosmetics"),
        {
            "Skincare": ("Hydrating Serum", "Night Cream", "Gel Cleanser", "Mineral Sunscreen"),
            "Makeup": ("Liquid Foundation", "Matte Lipstick", "Mascara", "Eyeshadow Palette"),
            "Haircare": ("Repair Shampoo", "Leave-In Conditioner", "Hair Oil", "Styling Cream"),
            "Fragrance": ("Eau de Parfum", "Body Mist", "Solid Perfume", "Scented Candle"),
            "Tools": ("Hair Dryer", "Facial Roller", "Makeup Brush Set", "Straightening Iron"),
        },
        _bands(4, 15, 50, 250),
        ("Vegan formula", "Dermatologist tested", "Cruelty free", "Made without parabens",
         "Travel-size friendly", "Refillable packaging", "Suitable for sensitive skin",
         "Recyclable packaging", "Developed with professional stylists"),
        (("Shade", ("Porcelain", "Sand", "Honey", "Caramel", "Espresso")),
         ("Size", ("15 ml", "30 ml", "50 ml", "100 ml"))),
        (0.03, 1.2), (3, 25),
    ),
    "sports": Profile(
        "SPO", ("Athletics", "Outdoors", "Sports"),
        {
            "Fitness": ("Yoga Mat", "Adjustable Dumbbells", "Resistance Bands", "Kettlebell"),
            "Cycling": ("Bike Helmet", "Cycling Gloves", "Bike Light Set", "Road Bike"),
            "Running": ("Running Shoes", "Hydration Vest", "Running Watch", "Compression Socks"),
            "Outdoor": ("Hiking Backpack", "Two-Person Tent", "Sleeping Bag", "Trekking Poles"),
            "Team Sports": ("Soccer Ball", "Basketball", "Shin Guards", "Training Cones"),
        },
        _bands(8, 35, 150, 1200),
        ("Lightweight build", "Non-slip grip", "Moisture-wicking fabric", "Reflective details",
         "Shock-absorbing sole", "Packs into its own pouch", "Adjustable straps",
         "UV-resistant material", "Tested by coaches"),
        (("Size", ("S", "M", "L", "XL")), ("Color", COLORS)),
        (0.1, 12.0), (5, 120),
    ),
    "toys": Profile(
        "TOY", ("Toys", "Playworks", "Kids"),
        {
            "Building Sets": ("Castle Building Kit", "Magnetic Tiles", "Marble Run", "Blocks"),
            "Dolls & Figures": ("Fashion Doll", "Action Figure", "Dollhouse", "Plush Bear"),
            "Games & Puzzles": ("1000-Piece Puzzle", "Strategy Board Game", "Card Game"),
            "Outdoor Play": ("Kick Scooter", "Water Blaster", "Kite", "Sandbox Set"),
            "STEM": ("Coding Robot", "Microscope Kit", "Volcano Science Kit", "Circuit Kit"),
        },
        _bands(5, 20, 60, 300),
        ("Ages 6 and up", "Non-toxic materials", "Safety tested", "Gift-ready packaging",
         "Encourages creative play", "Storage box included", "Illustrated instructions",
         "Made from sustainable materials", "Great for family play"),
        (("Color", ("Red", "Blue", "Green", "Yellow", "Pink")),
         ("Edition", ("Standard", "Deluxe", "Travel"))),
        (0.1, 5.0), (5, 60),
    ),
    "books": Profile(
        "BOO", ("Press", "Books", "Publishing"),
        {
            "Fiction": ("Mystery Novel", "Fantasy Novel", "Literary Fiction", "Thriller"),
            "Non-Fiction": ("Biography", "Popular Science", "History", "Memoir"),
            "Children": ("Picture Book", "Early Reader", "Middle-Grade Novel", "Activity Book"),
            "Cookbooks": ("Baking Cookbook", "Vegetarian Cookbook", "Weeknight Cookbook"),
            "Professional": ("Programming Guide", "Business Handbook", "Design Textbook"),
        },
        _bands(3, 12, 30, 120),
        ("Award-winning author", "Illustrated edition", "Includes discussion guide",
         "Foreword by a fictional critic", "Over 300 pages", "Indexed for quick reference",
         "Printed on recycled paper", "Annotated second edition", "Book club favourite"),
        (("Format", ("Hardcover", "Paperback", "eBook", "Audiobook", "Large Print")),
         ("Language", ("English", "Spanish", "French"))),
        (0.1, 1.5), (12, 30),
    ),
}  # fmt: skip
BRAND_STEMS = (
    "Aurelio", "Brightwell", "Cobalt Bay", "Driftmoor", "Emberly", "Fernhill", "Glimmerton",
    "Halcyra", "Ironleaf", "Junipero", "Kestrelle", "Lumindale", "Marlowe", "Nimbora",
    "Oakhollow", "Pebblestone", "Quillby", "Redfernia", "Solvanta", "Tidewell", "Umberline",
    "Vellora", "Willowmere", "Zephyra",
)  # fmt: skip
SERIES = ("Aero", "Nova", "Pulse", "Terra", "Luxe", "Core", "Flex", "Vista", "Echo", "Prime",
          "Zen", "Atlas", "Drift", "Halo", "Summit", "Breeze")  # fmt: skip
#: Fictional book titles; ``kind`` is the book's subcategory (Mystery Novel).
BOOK_TITLES = Grammar(
    {
        "book": ["{title}: {A kind}"],
        "title": [
            "The {adjective} {noun}",
            "The {noun} of {place}",
            "{Adjective} {noun}s",
            "The {noun} in {season}",
            "The {adjective} {noun} of {place}",
        ],
        "adjective": [
            "Silent",
            "Hidden",
            "Last",
            "Golden",
            "Winter",
            "Distant",
            "Crimson",
            "Quiet",
            "Paper",
            "Northern",
            "Salt",
            "Borrowed",
            "Lantern",
            "Secret",
            "Burning",
            "Glass",
            "Midnight",
            "Wandering",
            "Forgotten",
            "Iron",
        ],
        "noun": [
            "Orchard",
            "Harbor",
            "Letter",
            "Garden",
            "Map",
            "Lighthouse",
            "Archive",
            "River",
            "Kitchen",
            "Compass",
            "Tide",
            "Atlas",
            "Bridge",
            "Island",
            "Clock",
            "Signal",
            "Meadow",
            "Window",
            "Voyage",
            "Ledger",
        ],
        "place": [
            "Elmstead",
            "Larkmoor",
            "the North Shore",
            "Foxbury",
            "Stonebridge",
            "the Valley",
            "Wrenfield",
            "Old Harbor",
            "the Marsh",
            "Riverton",
        ],
        "season": ["Winter", "Spring", "Autumn", "Summer"],
    }
)
BAND_WORDS = {"budget": "good-value", "mid-range": "well-made", "premium": "premium"}
CLOSINGS = (
    "Ships in recyclable packaging.",
    "Free returns within 30 days.",
    "Backed by the brand's satisfaction guarantee.",
    "A customer favourite since launch.",
    "Designed and tested by a fictional in-house team.",
    "Gift wrapping is available at checkout.",
)
TAG_WORDS = ("bestseller", "gift-idea", "eco-friendly", "limited-edition", "staff-pick",
             "exclusive", "bundle-deal", "top-rated", "everyday", "travel-friendly")  # fmt: skip
REVIEW_TITLES = {
    "high": ("Exceeded my expectations", "Absolutely love it", "Worth every penny",
             "Great quality", "Would buy again"),
    "middle": ("Decent but not perfect", "Does the job", "Mixed feelings", "Okay for the price"),
    "low": ("Disappointed", "Not as described", "Stopped working quickly", "Would not recommend"),
}  # fmt: skip
REVIEW_TEXTS = {
    "high": ("The {thing} arrived quickly and the {feature} really makes a difference.",
             "I have used this {thing} every day for weeks; {feature} is a highlight.",
             "Bought it as a gift and ended up ordering a second {thing} for myself."),
    "middle": ("The {thing} is fine overall, though I expected more from the {feature}.",
               "Good value, but the {thing} took a while to get used to.",
               "It works, yet {feature} was less impressive than advertised."),
    "low": ("The {thing} did not live up to the description of {feature}.",
            "Returned the {thing} after a week; the quality felt cheap.",
            "Customer service was helpful, but the {thing} itself let me down."),
}  # fmt: skip
