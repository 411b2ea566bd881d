"""Words for the evaluation platform: names, handles, bios, captions and comments in five languages.

Harmful remarks are short and non-graphic, in the style of those quoted in public reporting on the sexualisation
of children online (age remarks, fruit and pizza emoji used as code, "p3do" and "c*p" algospeak, moves to private
messages, requests for the tool that made an AI image). They were written for this generator from general
knowledge of that reporting; none was copied from Harrier's lexicons or corpora.

Banks are keyed by language (``en``, ``nl``, ``de``, ``es``, ``fr``) and, where the wording depends on the child's
gender, by ``n`` (neutral), ``f`` or ``m``. ``{pedo}``, ``{cp}``, ``{tg}`` and ``{q}`` (a quoted remark) are filled
in by :func:`fill`.
"""

from __future__ import annotations

import random
import unicodedata

LANGS = ("en", "nl", "de", "es", "fr")
LANG_WEIGHTS = (0.42, 0.13, 0.16, 0.15, 0.14)

Bank = dict[str, list[str]]
GenderedBank = dict[str, dict[str, list[str]]]

# --------------------------------------------------------------------------------------------------- people

FIRST_NAMES: dict[str, dict[str, list[str]]] = {
    "en": {
        "f": ["Emma", "Olivia", "Sophie", "Chloe", "Mia", "Grace", "Hannah", "Lucy", "Amelia", "Ella", "Megan", "Kate",
              "Zoe", "Laura", "Amy", "Jess", "Holly", "Ruby", "Freya", "Abbie", "Charlotte", "Niamh", "Tasha", "Beth"],
        "m": ["Jack", "Liam", "Noah", "Ryan", "Ethan", "Daniel", "James", "Ben", "Tom", "Josh", "Chris", "Sam", "Mike",
              "Dan", "Rob", "Callum", "Harry", "Owen", "Lewis", "Jamie", "Kieran", "Matt", "Alfie", "Connor"],
    },
    "nl": {
        "f": ["Noor", "Julia", "Tess", "Sanne", "Lotte", "Fleur", "Anouk", "Lieke", "Marloes", "Eva", "Femke", "Iris",
              "Roos", "Floor", "Maud", "Esmee", "Ilse", "Britt"],
        "m": ["Daan", "Sem", "Lucas", "Levi", "Finn", "Jesse", "Bram", "Ruben", "Thijs", "Jeroen", "Kees", "Pieter",
              "Joris", "Niels", "Sander", "Wouter", "Stijn", "Gijs"],
    },
    "de": {
        "f": ["Anna", "Lena", "Lea", "Hannah", "Marie", "Sophie", "Laura", "Julia", "Katrin", "Sabine", "Nina", "Jana",
              "Leonie", "Franzi", "Miriam", "Steffi", "Carina", "Svenja"],
        "m": ["Lukas", "Leon", "Jonas", "Paul", "Felix", "Max", "Stefan", "Michael", "Andreas", "Jan", "Tobias", "Timo",
              "Florian", "Sebastian", "Dennis", "Marco", "Kai", "Benedikt"],
    },
    "es": {
        "f": ["Lucía", "María", "Paula", "Sofía", "Carmen", "Laura", "Alba", "Marta", "Elena", "Irene", "Nerea",
              "Claudia", "Ainhoa", "Rocío", "Noelia", "Inés"],
        "m": ["Hugo", "Pablo", "Álvaro", "Javier", "Daniel", "Sergio", "Adrián", "Diego", "Carlos", "Miguel", "Raúl",
              "Iker", "Rubén", "Jorge", "Andrés", "Íñigo"],
    },
    "fr": {
        "f": ["Louise", "Jade", "Chloé", "Léa", "Manon", "Camille", "Inès", "Claire", "Julie", "Élodie", "Margaux",
              "Pauline", "Océane", "Lucie", "Anaïs", "Sarah"],
        "m": ["Lucas", "Hugo", "Louis", "Gabriel", "Arthur", "Théo", "Nathan", "Julien", "Thomas", "Nicolas", "Mathieu",
              "Antoine", "Maxime", "Kevin", "Romain", "Bastien"],
    },
}

SURNAMES: dict[str, list[str]] = {
    "en": ["Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Walker", "Wright", "Hughes", "Green", "Hall",
           "Wood", "Clarke", "Lewis", "Harris", "Young", "King", "Baker", "Carter", "Turner", "Murphy", "Kelly",
           "Patel", "Khan", "O'Brien", "Ward"],
    "nl": ["de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
           "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Janssens", "Maes", "Willems", "Claes"],
    "de": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
           "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Huber", "Gruber", "Brunner", "Keller"],
    "es": ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín",
           "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Navarro", "Torres", "Domínguez"],
    "fr": ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
           "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "Roux", "Fournier", "Girard", "Mercier", "Blanc"],
}

HANDLE_WORDS = ["coffee", "runs", "bakes", "travels", "photo", "music", "gamer", "fit", "eats", "outdoors", "vibes",
                "official", "daily", "life", "xo", "art", "fc", "_", "bikes", "plants", "books", "cooks", "beats"]

AI_HANDLE_PARTS = (["dreamy", "pixel", "neon", "velvet", "lumen", "aether", "nova", "mystic", "soft", "pastel",
                    "astral", "honey", "moon", "cloud", "silk", "prism"],
                   ["renders", "ai", "art", "dreams", "visions", "muse", "gallery", "studio", "creations", "canvas",
                    "diffusion", "frames", "portraits", "lab"])

ALGOSPEAK_HANDLES = ["p3ach_lvr", "cherry.collector{n}", "n0map_{name}", "uncle_{name}{n}", "sweet_cherry_{n}",
                     "c_h_e_r_r_y{n}", "lil.peach.fan", "mapride_{n}", "pizza_lover_{n}", "candy.man{n}"]

TELEGRAM_STEMS = ["sunnyboy", "artfan", "collector", "quietguy", "nightowl", "kindman", "trader", "archive", "vault",
                  "privatecorner", "lilangels", "secretgarden", "moonlight", "hiddenroom"]


def ascii_fold(text: str) -> str:
    """``Álvaro O'Brien`` -> ``alvaroobrien``: lower-case letters and digits only."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return "".join(ch for ch in folded if ch.isalnum())


def make_handle(rng: random.Random, first: str, last: str) -> str:
    f, lt = ascii_fold(first), ascii_fold(last)
    n = rng.randint(1, 99)
    year = rng.choice(["88", "90", "92", "94", "95", "97", "98", "99", "01", "03", "05"])
    pattern = rng.randrange(10)
    if pattern == 0:
        return f"{f}{lt}"
    if pattern == 1:
        return f"{f}.{lt}"
    if pattern == 2:
        return f"{f}_{lt[:1]}{n}"
    if pattern == 3:
        return f"{f}{year}"
    if pattern == 4:
        return f"{f}.{rng.choice(HANDLE_WORDS)}".replace("._", "_")
    if pattern == 5:
        return f"{lt}.{f}{n}"
    if pattern == 6:
        return f"the{f}{lt[:3]}"
    if pattern == 7:
        return f"{f}_{lt}_{year}"
    if pattern == 8:
        return f"{f[:3]}{lt}{n}"
    return f"{f}{rng.choice(['x', 'xx', '_', 'ie', 'y'])}{n}"


def ai_handle(rng: random.Random) -> str:
    a, b = rng.choice(AI_HANDLE_PARTS[0]), rng.choice(AI_HANDLE_PARTS[1])
    return rng.choice([f"{a}.{b}", f"{a}_{b}", f"{a}{b}{rng.randint(1, 99)}", f"{a}.{b}.ai", f"the{a}{b}"])


def algospeak_handle(rng: random.Random, first: str) -> str:
    return rng.choice(ALGOSPEAK_HANDLES).format(name=ascii_fold(first), n=rng.randint(2, 99))


def telegram_handle(rng: random.Random) -> str:
    stem = rng.choice(TELEGRAM_STEMS)
    return rng.choice([f"{stem}{rng.randint(10, 999)}", f"{stem}_{rng.randint(1, 99)}", f"the_{stem}"])


# --------------------------------------------------------------------------------------------------- bios

BIOS: Bank = {
    "en": ["coffee & hiking ☕🏔️", "just vibes", "Liverpool ❤️ YNWA", "dog mum 🐶", "nurse 👩‍⚕️ | night shifts",
           "gym. eat. sleep. repeat", "amateur baker 🍰", "travel addict ✈️ 32 countries", "she/her | bookworm 📚",
           "dad jokes enthusiast", "Manchester based", "plant parent 🌱", "living my best life", "football & bbq",
           "photography hobbyist 📷", "uni of leeds '24", "runner 🏃 | 5k PB 22:10", "gamer | twitch sometimes",
           "teacher | views my own", "cyclist 🚴", "mum of 2 💕", "proud dad", "music is life 🎧", "engineer"],
    "nl": ["koffie & fietsen ☕🚲", "Amsterdam 📍", "Ajax ❤️🤍", "moeder van 2 👧👦", "bakken is mijn therapie 🍰",
           "reizen ✈️ | fotografie", "gewoon mezelf", "hardlopen & wijn", "Utrecht | student", "hondenmens 🐶"],
    "de": ["Kaffee & Berge ☕⛰️", "Hamburg ⚓", "FC Bayern ❤️", "Mama von 2 💕", "Papa | Fußball | Grillen",
           "Reisen ✈️ | Fotografie", "einfach ich", "Laufen & Wein", "Berlin | Studentin", "Hundemensch 🐶"],
    "es": ["café y montaña ☕⛰️", "Madrid 📍", "Hala Madrid ⚪", "mamá de 2 💕", "papá | fútbol | barbacoa",
           "viajar ✈️ | fotografía", "simplemente yo", "correr y vino 🍷", "Sevilla | estudiante",
           "amante de los perros 🐶"],
    "fr": ["café & rando ☕⛰️", "Lyon 📍", "Allez l'OM 💙", "maman de 2 💕", "papa | foot | barbecue",
           "voyages ✈️ | photo", "juste moi", "course à pied & vin 🍷", "Paris | étudiante", "fan de chiens 🐶"],
}

PARENT_BIOS: Bank = {
    "en": ["mum of {k} 💕 | coffee addict", "proud dad of {k}", "mama bear 🐻 | {city}", "family first ❤️",
           "wife, mum, tired", "raising {k} little humans", "dad | coach | bbq"],
    "nl": ["moeder van {k} 💕", "trotse papa van {k}", "gezin op 1 ❤️", "mama | {city}"],
    "de": ["Mama von {k} 💕", "stolzer Papa von {k}", "Familie zuerst ❤️", "Mama | {city}"],
    "es": ["mamá de {k} 💕", "papá orgulloso de {k}", "la familia primero ❤️", "mamá | {city}"],
    "fr": ["maman de {k} 💕", "papa fier de {k}", "la famille d'abord ❤️", "maman | {city}"],
}

CITIES = {"en": ["Leeds", "Bristol", "Dublin", "Glasgow", "Cardiff"], "nl": ["Utrecht", "Gent", "Haarlem", "Zwolle"],
          "de": ["Köln", "Leipzig", "Graz", "Bremen"], "es": ["Valencia", "Bilbao", "Málaga", "Zaragoza"],
          "fr": ["Nantes", "Lille", "Bordeaux", "Liège"]}

DEDICATED_BIOS: Bank = {
    "en": ["more on my tg 😉", "exclusive content link in bio 🔗", "🌸 cute AI creations 🌸 more on tg",
           "AI art | daily posts | tg: @{tg}", "DM for custom requests 💌", "full sets in bio 🔗",
           "not real people ✨ AI art only | vip → link", "private group in bio, no reposts",
           "daily angels 👼 | more pics on my telegram", "✨ AI dreams ✨ exclusive set in bio"],
    "nl": ["meer op mijn tg 😉", "exclusieve content link in bio 🔗", "AI kunst | meer op telegram"],
    "de": ["mehr auf meinem tg 😉", "exklusiver content, link in bio 🔗", "KI Kunst | mehr auf Telegram"],
    "es": ["más en mi tg 😉", "contenido exclusivo link en bio 🔗", "arte IA | más en telegram"],
    "fr": ["plus sur mon tg 😉", "contenu exclusif lien en bio 🔗", "art IA | plus sur telegram"],
}

AI_ARTIST_BIOS: Bank = {
    "en": ["AI artist | fantasy & sci-fi | prompts on request", "digital dreams made with SDXL ✨",
           "concept art + AI | prints in bio 🔗", "midjourney explorer 🌌", "landscapes that don't exist"],
    "nl": ["AI kunstenaar | fantasy & sci-fi", "digitale dromen ✨ gemaakt met SDXL"],
    "de": ["KI-Künstler | Fantasy & Sci-Fi", "digitale Träume ✨ mit SDXL"],
    "es": ["artista IA | fantasía y ciencia ficción", "sueños digitales ✨ hechos con SDXL"],
    "fr": ["artiste IA | fantasy & SF", "rêves numériques ✨ faits avec SDXL"],
}

CREATOR_BIOS: Bank = {
    "en": ["fitness & lifestyle | exclusive content 🔗 in bio | {age}", "model | collabs via DM 📩",
           "🔗 my page for more | {age} | {city}", "content creator | business: DM",
           "yoga • travel • exclusive set in bio"],
    "nl": ["model | samenwerkingen via DM 📩", "fitness & lifestyle | exclusieve content 🔗 in bio"],
    "de": ["Model | Kooperationen per DM 📩", "Fitness & Lifestyle | exklusiver Content 🔗 in Bio"],
    "es": ["modelo | colaboraciones por DM 📩", "fitness y lifestyle | contenido exclusivo 🔗 en bio"],
    "fr": ["mannequin | collabs en DM 📩", "fitness & lifestyle | contenu exclusif 🔗 en bio"],
}

YOUNG_ADULT_BIOS: Bank = {
    "en": ["{age} | uni life 🎓", "just a girl who loves coffee ☕ | {age}", "psych student | {city}",
           "{age} 🌙 | she/her", "small town girl ✨"],
    "nl": ["{age} | studentenleven 🎓", "{age} ✨ | {city}"],
    "de": ["{age} | Studentin 🎓", "{age} ✨ | {city}"],
    "es": ["{age} | vida universitaria 🎓", "{age} ✨ | {city}"],
    "fr": ["{age} | vie étudiante 🎓", "{age} ✨ | {city}"],
}

COUNTER_BIOS: Bank = {
    "en": ["child safety advocate 🛡️", "mum. reporting creeps since 2019", "online safety volunteer",
           "teacher | safeguarding lead", "if you see something, report it"],
    "nl": ["kinderbescherming 🛡️", "meld wat je ziet"],
    "de": ["Kinderschutz 🛡️", "melden statt wegsehen"],
    "es": ["protección infantil 🛡️", "denuncia lo que veas"],
    "fr": ["protection de l'enfance 🛡️", "signalez ce que vous voyez"],
}

OFFENDER_HINT_BIOS = ["🍒🍑", "nomap | pro-c", "dms open 📩", "just a fan of art 🎨", "tg: @{tg}", "collector of cute",
                      "open minded 😉", "🍕🧀 lover", "art appreciator | no judgement", "kind and discreet"]

# --------------------------------------------------------------------------------------------------- captions

DEDICATED_AI_CAPTIONS = ["AI art ✨", "little angel 👼", "new set 💕 more on tg", "sunny days 🌼", "princess vibes 👑",
                         "good morning ☀️", "which one is your fave? 💕", "dreamy ✨", "soft mornings 🌸",
                         "say hi 👋", "cutie alert 🍭", "playtime 🎀", "sweet as candy 🍬", "summer girl 🌻",
                         "nieuwe set 💕", "neues Set 💕 mehr auf tg", "nuevo set 💕", "nouveau set 💕"]
DEDICATED_AI_TAGS = ["aiart", "aigirl", "aigenerated", "stablediffusion", "aiartwork", "aikids", "aibaby",
                     "midjourney", "aiartcommunity", "aimodel"]
DEDICATED_PLAIN_TAGS = ["cute", "cutegirl", "princess", "kidsfashion", "littlemodel", "sweet", "angel",
                        "dollface", "kawaii", "summer", "flowers", "instakids"]

FAMILY_CAPTIONS: GenderedBank = {
    "en": {"n": ["beach day with the kids ☀️", "sunday at grandma's 💕", "first snow ❄️", "zoo trip 🦁",
                 "my whole world ❤️", "back to school 🎒", "lazy sunday 🛋️", "pancake morning 🥞"],
           "f": ["happy {age}th birthday to my girl 🎂", "first day of school 🎒 she was so brave",
                 "my little helper in the kitchen 🍰", "ballet recital 🩰 so proud"],
           "m": ["happy {age}th birthday to my boy 🎂", "first day of school 🎒 he was so brave",
                 "his first football match ⚽", "little builder 🧱"]},
    "nl": {"n": ["stranddag met de kids ☀️", "zondag bij oma 💕", "eerste sneeuw ❄️", "mijn alles ❤️"],
           "f": ["gefeliciteerd met je {age}e verjaardag meisje 🎂", "eerste schooldag 🎒"],
           "m": ["gefeliciteerd met je {age}e verjaardag jongen 🎂", "eerste voetbalwedstrijd ⚽"]},
    "de": {"n": ["Strandtag mit den Kids ☀️", "Sonntag bei Oma 💕", "erster Schnee ❄️", "meine ganze Welt ❤️"],
           "f": ["alles Gute zum {age}. Geburtstag, meine Kleine 🎂", "erster Schultag 🎒"],
           "m": ["alles Gute zum {age}. Geburtstag, mein Großer 🎂", "erstes Fußballspiel ⚽"]},
    "es": {"n": ["día de playa con los peques ☀️", "domingo en casa de la abuela 💕", "primera nieve ❄️",
                 "mi mundo entero ❤️"],
           "f": ["feliz {age} cumpleaños mi niña 🎂", "primer día de cole 🎒"],
           "m": ["feliz {age} cumpleaños mi niño 🎂", "su primer partido ⚽"]},
    "fr": {"n": ["journée plage avec les enfants ☀️", "dimanche chez mamie 💕", "première neige ❄️",
                 "tout mon monde ❤️"],
           "f": ["joyeux {age} ans ma puce 🎂", "premier jour d'école 🎒"],
           "m": ["joyeux {age} ans mon grand 🎂", "premier match de foot ⚽"]},
}

SELFIE_CAPTIONS: Bank = {
    "en": ["new hair who dis 💇‍♀️", "sunday mood ☀️", "{age} today 🎉", "finally graduated 🎓", "no filter",
           "uni life 📚", "golden hour ✨", "post-gym glow", "new glasses 🤓", "felt cute", "date night 🍷"],
    "nl": ["nieuw kapsel 💇‍♀️", "zondagsgevoel ☀️", "{age} vandaag 🎉", "gouden uurtje ✨"],
    "de": ["neue Haare 💇‍♀️", "Sonntagsstimmung ☀️", "heute {age} 🎉", "goldene Stunde ✨"],
    "es": ["pelo nuevo 💇‍♀️", "domingo ☀️", "{age} hoy 🎉", "hora dorada ✨"],
    "fr": ["nouvelle coupe 💇‍♀️", "dimanche ☀️", "{age} ans aujourd'hui 🎉", "golden hour ✨"],
}

CREATOR_CAPTIONS: Bank = {
    "en": ["new set out now 🔗 link in bio", "gym day 💪", "outfit check ✨", "morning routine ☀️",
           "behind the scenes 📸", "collab with @{h} coming soon", "Q&A tonight, drop your questions"],
    "nl": ["nieuwe set online 🔗 link in bio", "outfit check ✨"],
    "de": ["neues Set online 🔗 Link in Bio", "Outfit Check ✨"],
    "es": ["nuevo set 🔗 link en bio", "outfit del día ✨"],
    "fr": ["nouveau shooting 🔗 lien en bio", "tenue du jour ✨"],
}

AI_ADULT_PORTRAIT_PROMPTS = [
    "portrait of a female elf warrior, silver armor, glowing runes, fantasy, intricate, artstation, 8k",
    "cyberpunk woman with neon hair, rainy city street at night, cinematic lighting, highly detailed",
    "old wizard with a long white beard, holding a staff, dramatic lighting, oil painting",
    "portrait of a 35 year old man as a space captain, sci-fi uniform, stars in the background",
    "steampunk inventor woman, brass goggles, workshop, warm light, detailed",
    "viking shieldmaiden, braided hair, snowy mountains, epic, matte painting",
    "portrait of a queen in a golden crown, renaissance style, baroque, detailed",
]
AI_LANDSCAPE_PROMPTS = [
    "majestic mountain landscape at sunset, matte painting, volumetric light",
    "floating islands above the clouds, waterfalls, fantasy landscape, 8k",
    "alien planet with two moons, purple sky, concept art",
    "ancient castle on a cliff, stormy sea, dramatic sky, digital painting",
    "cozy cabin in a snowy forest at night, northern lights",
]
AI_CHILD_PROMPTS = [
    "photo of a cute little girl with pigtails, smiling, flower field, golden hour, bokeh, 8k, masterpiece",
    "portrait of a little girl, 6 years old, freckles, yellow sundress, soft lighting, highly detailed",
    "cute toddler girl with curly hair, pastel background, studio portrait, sharp focus",
    "adorable little girl holding a teddy bear, cozy room, warm light, photorealistic",
    "portrait of a smiling little boy, 5yo, blue hoodie, park, soft light, detailed face",
    "little girl in a princess costume, sparkles, fairytale, cinematic, realistic skin",
    "child model, cute kid, spring garden, depth of field, raw photo, 85mm",
    "cute little girl, 7 years old, ribbon in her hair, pink background, studio light, ultra realistic",
]
NEGATIVE_PROMPTS = [
    "(worst quality, low quality:1.4), deformed, blurry, bad anatomy, extra fingers, watermark, text",
    "lowres, bad hands, missing fingers, cropped, jpeg artifacts, signature, username",
    "cartoon, 3d, disfigured, bad art, blurry, duplicate, out of frame",
    "ugly, tiling, poorly drawn face, mutation, extra limbs, bad proportions",
]

AI_ARTIST_CAPTIONS = ["The Silver Warden ⚔️", "neon nights 🌃", "dreamscape", "portrait study", "the last wizard 🧙",
                      "somewhere that doesn't exist 🌌", "queen of winter ❄️", "new series: sky islands ☁️",
                      "experimenting with lighting", "nieuwe serie ✨", "neue Serie ✨", "nueva serie ✨",
                      "nouvelle série ✨"]
AI_ARTIST_TAGS = ["aiart", "fantasyart", "stablediffusion", "midjourney", "aiartcommunity", "digitalart",
                  "aigenerated", "sdxl", "conceptart", "aiportrait"]
AI_ARTIST_PLAIN_TAGS = ["fantasy", "digitalpainting", "conceptart", "scifi", "landscape", "portrait", "artwork"]

FOOD_CAPTIONS: Bank = {
    "en": ["homemade lasagna 🍝", "sunday brunch 🥞", "peach cobbler 🍑 first try", "cherry pie season 🍒",
           "pizza night 🍕", "ramen date 🍜", "best tacos in town 🌮", "meal prep sunday", "banana bread again lol",
           "fresh from the market 🍓🍑", "curry night 🍛"],
    "nl": ["zelfgemaakte lasagne 🍝", "zondagsbrunch 🥞", "kersentaart 🍒", "pizza avond 🍕", "stamppot weer 😋"],
    "de": ["selbstgemachte Lasagne 🍝", "Sonntagsbrunch 🥞", "Kirschkuchen 🍒", "Pizzaabend 🍕", "Käsespätzle 😋"],
    "es": ["lasaña casera 🍝", "brunch de domingo 🥞", "tarta de cerezas 🍒", "noche de pizza 🍕", "paella 🥘"],
    "fr": ["lasagnes maison 🍝", "brunch du dimanche 🥞", "clafoutis aux cerises 🍒", "soirée pizza 🍕",
           "tarte aux pêches 🍑"],
}
PLACE_CAPTIONS: Bank = {
    "en": ["sunset at the lake 🌅", "hiking day ⛰️", "beach day 🏖️", "Barcelona ☀️", "morning walk", "lake district 💚",
           "city lights 🌃", "weekend getaway", "road trip 🚗"],
    "nl": ["zonsondergang aan het meer 🌅", "wandeldag ⛰️", "stranddag 🏖️", "weekendje weg"],
    "de": ["Sonnenuntergang am See 🌅", "Wandertag ⛰️", "Strandtag 🏖️", "Wochenendtrip"],
    "es": ["atardecer en el lago 🌅", "día de senderismo ⛰️", "día de playa 🏖️", "escapada de finde"],
    "fr": ["coucher de soleil au lac 🌅", "rando ⛰️", "journée plage 🏖️", "week-end au vert"],
}
TEXT_POSTS: Bank = {
    "en": ["monday again 😩", "anyone know a good plumber in {city}?", "can't believe that match last night ⚽",
           "finally friday", "who else is watching the new season?", "coffee first, questions later ☕",
           "my cat just knocked over my plant. again.", "need book recommendations 📚", "it's raining. of course.",
           "new job starts tomorrow 😬", "happy new year everyone 🎉", "traffic was a nightmare today"],
    "nl": ["weer maandag 😩", "iemand een goede loodgieter in {city}?", "eindelijk vrijdag", "het regent. natuurlijk."],
    "de": ["schon wieder Montag 😩", "kennt jemand einen guten Klempner in {city}?", "endlich Freitag",
           "es regnet. natürlich."],
    "es": ["otra vez lunes 😩", "¿alguien conoce un buen fontanero en {city}?", "por fin viernes",
           "llueve. cómo no."],
    "fr": ["encore lundi 😩", "quelqu'un connaît un bon plombier à {city} ?", "enfin vendredi",
           "il pleut. évidemment."],
}

# --------------------------------------------------------------------------------------------------- harmful

PEDO_VARIANTS = ["p3do", "pedo", "p*do", "ped0", "p.e.d.o", "pdo", "p3d0"]
CP_VARIANTS = ["c*p", "cp", "c.p", "c p", "🧀🍕", "cheese pizza"]

SEXUALISING: GenderedBank = {
    "en": {
        "n": ["perfect age 😍", "{pedo} vibes", "the perfect age tbh", "so tiny 🤤", "🍑🍑", "🍒🍒🍒", "zoom in 👀",
              "2nd pic 🥵", "young n sweet 🍭", "fresh 🍓", "ripe soon 🍑", "the younger the better 😈",
              "nomap and proud 🫡", "loli vibes 😍", "any {cp}?", "🍕🍕 anyone?", "too cute to be legal 😏",
              "age is just a number 😉", "mature for their age 👀", "smol and perfect 🤤", "🌽 when?",
              "need more of this age 😍", "dream age 🍒", "just how I like them 😈", "peach season 🍑😏",
              "candy 🍭🍭 more pls", "MAP approved ✅", "tiny cherry 🍒", "🥵🥵🥵", "uff 🥵 that age",
              "{pedo} heaven fr", "trade {cp}? 👀", "best age ever 😍🍒", "this age hits different 😏"],
        "f": ["more of her pls", "she's growing up nicely if you know what I mean", "she's a little 🍑",
              "she knows what she's doing 😏", "barely 8 and already a 10 😍", "daddy's lil princess 😈",
              "wish she was mine 😏", "can't wait till she's older 😏 or not", "her 🍑 tho",
              "she'd be fun 😏", "what a little tease 😏", "she's ripe 🍒", "more pics of her in that dress 👀",
              "she'll break hearts... and i'm first in line 😏"],
        "m": ["more of him pls", "he's growing up nicely if you know what i mean", "cute lil man 😏🍑",
              "he knows what he's doing 😏", "wish he was mine 😏", "perfect boy age 😍", "what a little tease 😏"],
    },
    "nl": {
        "n": ["perfecte leeftijd 😍", "{pedo} vibes hier 😏", "zo klein 🤤", "🍒🍒 lekker", "lekker jong 🍑",
              "inzoomen 👀", "leeftijd is maar een getal 😉", "vers 🍓", "hoe jonger hoe beter 😈",
              "meer van deze leeftijd pls", "heb je {cp}? 👀"],
        "f": ["meer van haar pls", "ze wordt mooi groot 😏 als je snapt wat ik bedoel", "wat een lekker ding 😏",
              "ze weet precies wat ze doet 😏", "was ze maar van mij 😏"],
        "m": ["meer van hem pls", "hij wordt mooi groot 😏 snap je", "was hij maar van mij 😏"],
    },
    "de": {
        "n": ["perfektes alter 😍", "so klein 🤤", "zuckersüß 🍭 mehr davon", "alter ist nur eine zahl 😉",
              "frisch 🍓", "zu süß um legal zu sein 😏", "je jünger desto besser 😈", "reinzoomen 👀",
              "kirschen 🍒🍒", "{pedo} vibes 😏", "hat wer {cp}? 👀"],
        "f": ["mehr von ihr bitte", "sie wird langsam groß 😏 wenn du verstehst", "sie weiß genau was sie tut 😏",
              "die kleine ist 🔥🍑", "wär sie doch meine 😏"],
        "m": ["mehr von ihm bitte", "er wird langsam groß 😏 wenn du verstehst", "der kleine 🔥😏"],
    },
    "es": {
        "n": ["edad perfecta 😍", "🍒🍒 qué rico", "la edad es solo un número 😉", "fresquito 🍓",
              "mientras más jóvenes mejor 😈", "zoom 👀👀", "qué delicia 🍑", "vibras {pedo} 😏",
              "¿alguien tiene {cp}? 👀"],
        "f": ["más de ella porfa", "está creciendo muy bien si sabes a lo que me refiero 😏", "qué rica 🤤",
              "ella sabe lo que hace 😏", "mi princesita 😈", "tan chiquita 🤤"],
        "m": ["más de él porfa", "está creciendo muy bien el niño si sabes lo que digo 😏", "tan chiquito 🤤"],
    },
    "fr": {
        "n": ["l'âge parfait 😍", "🍒🍒 miam", "l'âge c'est qu'un chiffre 😉", "tout frais 🍓",
              "plus c'est jeune mieux c'est 😈", "zoomez 👀", "{pedo} vibes 😏", "trop bon 🍑",
              "quelqu'un a du {cp} ? 👀"],
        "f": ["encore plus d'elle svp", "elle grandit bien si tu vois ce que je veux dire 😏",
              "elle sait ce qu'elle fait 😏", "petite cerise 🍒 miam", "si petite 🤤"],
        "m": ["encore plus de lui svp", "il grandit bien si tu vois ce que je veux dire 😏", "si petit 🤤"],
    },
}

CONTACT_MOVES: Bank = {
    "en": ["just sent you a message", "check your DMs 😉", "dm me", "add me on telegram @{tg}", "check your inbox 😉",
           "sent u a pm 📩", "snap me: {tg}", "hmu on tg", "wanna trade? dm", "message me for more",
           "let's talk in private 😏", "wickr: {tg}", "inbox open 📩", "follow back so i can dm u", "dm'd you 👀",
           "tg @{tg} 🍒", "sent a request, accept 😉", "kik? {tg}", "got more? dm me", "check ur requests",
           "session id in my bio, msg me", "we have a group for this, dm"],
    "nl": ["stuur je een dm", "check je inbox 😉", "app me even", "voeg me toe op telegram @{tg}", "dm gestuurd 👀",
           "privé verder? 😏"],
    "de": ["schreib mir privat 😉", "hab dir geschrieben", "check deine DMs", "adde mich auf telegram @{tg}",
           "schau in dein postfach 😉", "meld dich per PN"],
    "es": ["te mandé un mensaje", "revisa tus dm 😉", "escríbeme al privado", "agrégame en telegram @{tg}",
           "mándame dm 😏", "te escribí 👀"],
    "fr": ["je t'ai envoyé un message", "regarde tes dm 😉", "écris-moi en privé", "ajoute-moi sur telegram @{tg}",
           "check tes mp 😉", "viens en mp 😏"],
}

GENERATION_REQUESTS: Bank = {
    "en": ["what app is this?", "which app made this?", "prompt pls", "which model makes them look this young",
           "what AI did you use 👀", "can you share the prompt?", "lora??", "what checkpoint is this",
           "tutorial?? 🙏", "how do u make them so realistic", "which generator? need this", "settings pls 🙏",
           "app name?", "is this SD or midjourney?", "how'd you get the age right?", "drop the prompt 🙏🙏",
           "what site makes these", "what do you type to get them this small?"],
    "nl": ["welke app is dit?", "prompt pls 🙏", "met welke ai maak je dit?", "welk model gebruik je?",
           "hoe krijg je ze zo jong?"],
    "de": ["welche app ist das?", "prompt bitte 🙏", "welches modell nutzt du?", "mit welcher KI machst du das?",
           "wie kriegst du sie so jung hin?"],
    "es": ["¿qué app es esta?", "pasa el prompt porfa", "¿con qué ia lo haces?", "¿qué modelo usas?",
           "¿cómo los haces tan jóvenes?"],
    "fr": ["c'est quelle appli ?", "le prompt stp 🙏", "quel modèle tu utilises ?", "tu fais ça avec quelle IA ?",
           "comment tu les rends si jeunes ?"],
}

FILLER = ["🔥", "nice", "😍", "wow", "👀", "💯", "❤️", "🔥🔥🔥", "🥰", "mooi 😍", "schön", "hermosa", "magnifique",
          "again 😍", "👌", "beautiful ✨", "wauw", "❤️❤️", "yes", "great work", "more!!", "😍😍", "so pretty",
          "lovely", "cute", "precioso", "süß", "trop belle"]

RING_REPLIES = ["💯", "facts 😏", "ikr", "agreed 👀", "same 🤤", "😏😏", "right?", "haha yes", "klopt 😏", "genau 😏",
                "exacto 😏", "grave 😏", "^^ this", "👆👆", "say it louder 😈"]

DEDICATED_REPLIES = ["thank you 🥰", "more tomorrow ✨", "glad u like it 💕", "new ones soon", "🥰🥰", "thx ✨",
                     "merci 💕", "danke 🥰", "gracias 💕", "dank je 💕"]
DEDICATED_CONTACT_REPLIES = ["link in bio 😉", "full set on tg 😉", "check my tg for more", "dm me for the rest 💌",
                             "sent you the link 😉"]

# --------------------------------------------------------------------------------------------------- counter-speech

COUNTER_QUOTES: Bank = {
    "en": ["'{q}'?? seriously? reported", "\"{q}\" — that's a CHILD. reported",
           "imagine typing \"{q}\" under a kid's photo. blocked and reported", "'{q}' wtf is wrong with you",
           "did you really just write '{q}'? reported to the platform",
           "\"{q}\"... screenshotting this and reporting it"],
    "nl": ["'{q}'?? serieus? gerapporteerd", "\"{q}\" — het is een KIND. gemeld"],
    "de": ["'{q}'?? ernsthaft? gemeldet", "\"{q}\" — das ist ein KIND. gemeldet"],
    "es": ["'{q}'?? ¿en serio? denunciado", "\"{q}\" — ¡es un menor! denunciado"],
    "fr": ["« {q} » ?? sérieux ? signalé", "\"{q}\" — c'est un enfant. signalé"],
}
COUNTER_PLAIN: Bank = {
    "en": ["reported this account, everyone please do the same", "mods??? this guy is a creep",
           "warning: this account comments on kids' photos, block him",
           "why are there so many creeps in these comments? reported",
           "AI or not, these are kids. reported the page.", "this page is sketchy af. reported",
           "please make your account private, there are weird people in here ❤️", "reported. do better, platform."],
    "nl": ["wat is er mis met je. gerapporteerd", "iedereen dit account rapporteren aub", "zet je account op privé ❤️"],
    "de": ["was stimmt nicht mit dir. gemeldet und blockiert", "bitte alle diesen Account melden",
           "stell dein Profil lieber auf privat ❤️"],
    "es": ["¿qué te pasa?? reportado", "todos reporten esta cuenta por favor", "pon tu cuenta en privado ❤️"],
    "fr": ["t'as un problème ?? signalé", "signalez tous ce compte svp", "passe ton compte en privé ❤️"],
}
PARENT_ANGRY: GenderedBank = {
    "en": {"n": ["creep, blocked", "get off my page", "reported. disgusting", "blocked and reported 🤬",
                 "stay away from my kids", "what is wrong with you. reported", "reported to the police too",
                 "deleting this post bc of creeps like you 🤬"],
           "f": ["this is my daughter, reported", "she's {age}. reported and blocked",
                 "'{q}'?? that's my DAUGHTER. reported"],
           "m": ["this is my son, reported", "he's {age}. reported and blocked", "'{q}'?? that's my SON. reported"]},
    "nl": {"n": ["engerd, geblokkeerd", "blijf van mijn pagina af"],
           "f": ["dit is mijn dochter, gerapporteerd", "'{q}'?? dat is mijn DOCHTER. gemeld"],
           "m": ["dit is mijn zoon, gerapporteerd", "'{q}'?? dat is mijn ZOON. gemeld"]},
    "de": {"n": ["widerlich, blockiert", "verschwinde von meiner Seite"],
           "f": ["das ist meine Tochter. gemeldet.", "'{q}'?? das ist meine TOCHTER. gemeldet"],
           "m": ["das ist mein Sohn. gemeldet.", "'{q}'?? das ist mein SOHN. gemeldet"]},
    "es": {"n": ["asqueroso, bloqueado", "fuera de mi perfil"],
           "f": ["es mi hija, denunciado", "'{q}'?? es mi HIJA. denunciado"],
           "m": ["es mi hijo, denunciado", "'{q}'?? es mi HIJO. denunciado"]},
    "fr": {"n": ["dégueulasse, bloqué", "dégage de ma page"],
           "f": ["c'est ma fille, signalé", "« {q} » ?? c'est ma FILLE. signalé"],
           "m": ["c'est mon fils, signalé", "« {q} » ?? c'est mon FILS. signalé"]},
}

# --------------------------------------------------------------------------------------------------- benign

FAMILY_COMMENTS: GenderedBank = {
    "en": {"n": ["so cute!", "beautiful family ❤️", "miss you guys", "that smile!! 🥰", "adorable 😍",
                 "look at those cheeks", "growing up so fast 😭", "perfect family photo", "love this 💕", "too cute 🥹",
                 "can't wait to see you all at easter", "omg the cake 🎂", "sweetheart ❤️", "precious 🥹"],
           "f": ["she looks just like you", "happy birthday sweetheart 🎂", "how big she's gotten!",
                 "little princess 👑", "proud auntie here ❤️ she's amazing", "can't believe she's already {age}",
                 "she's such a sweetheart"],
           "m": ["he looks just like you", "happy birthday little man 🎂", "how big he's gotten!", "little champ ⚽",
                 "he's his dad's double 😂", "can't believe he's already {age}"]},
    "nl": {"n": ["wat een schatjes!", "mooi gezin ❤️", "wat worden ze groot 😭", "wat een lach 🥰", "zo lief 😍"],
           "f": ["ze lijkt precies op jou", "gefeliciteerd lieverd 🎂", "wat is ze groot geworden!", "prinsesje 👑"],
           "m": ["hij lijkt precies op jou", "gefeliciteerd kanjer 🎂", "wat is hij groot geworden!"]},
    "de": {"n": ["wie süß!", "schöne Familie ❤️", "die werden so schnell groß 😭", "dieses Lachen 🥰", "zuckersüß 😍"],
           "f": ["ganz die Mama", "alles Gute zum Geburtstag, Schatz 🎂", "ist sie groß geworden!",
                 "kleine Prinzessin 👑"],
           "m": ["ganz der Papa", "alles Gute, kleiner Mann 🎂", "ist er groß geworden!"]},
    "es": {"n": ["¡qué cosita más linda!", "hermosa familia ❤️", "crecen tan rápido 😭", "esa sonrisa 🥰",
                 "qué ternura 😍"],
           "f": ["es igualita a ti", "feliz cumple mi amor 🎂", "¡qué grande está!", "princesita 👑"],
           "m": ["es igualito a ti", "feliz cumple campeón 🎂", "¡qué grande está el niño!"]},
    "fr": {"n": ["trop mignon !", "belle famille ❤️", "ils grandissent trop vite 😭", "ce sourire 🥰", "adorable 😍"],
           "f": ["c'est tout ton portrait", "joyeux anniversaire ma puce 🎂", "qu'est-ce qu'elle a grandi !",
                 "petite princesse 👑"],
           "m": ["c'est tout ton portrait", "joyeux anniversaire mon grand 🎂", "qu'est-ce qu'il a grandi !"]},
}
PARENT_THANKS: Bank = {
    "en": ["thank you ❤️", "haha yes she does", "miss you too!", "thanks auntie 💕", "❤️❤️", "see you sunday!"],
    "nl": ["bedankt ❤️", "dank je wel 💕", "tot zondag!"],
    "de": ["danke 🥰", "vielen Dank ❤️", "bis Sonntag!"],
    "es": ["gracias ❤️", "¡mil gracias! 💕", "¡nos vemos el domingo!"],
    "fr": ["merci ❤️", "merci beaucoup 💕", "à dimanche !"],
}
SELFIE_COMMENTS: Bank = {
    "en": ["gorgeous", "love the hair", "stunning 😍", "cutie 🥰", "you look so young omg", "babyface queen 👑",
           "glowing ✨", "those freckles 😍", "so pretty omg", "hot 🔥", "wait you're {age}?? you look 16 lol",
           "the makeup!! 😍", "obsessed with this look", "beautiful as always", "looking good!", "love the glasses"],
    "nl": ["prachtig 😍", "wat mooi haar", "zo knap", "je ziet er zo jong uit haha"],
    "de": ["wunderschön 😍", "tolle Haare", "bildhübsch", "du siehst so jung aus 😅"],
    "es": ["guapísima 😍", "me encanta tu pelo", "preciosa", "pareces de 15 jaja"],
    "fr": ["magnifique 😍", "j'adore tes cheveux", "trop belle", "tu fais si jeune !"],
}
CREATOR_COMMENTS: Bank = {
    "en": ["gorgeous 😍", "🔥🔥", "goals", "where's that dress from?", "queen 👑", "need that workout plan",
           "love your content", "obsessed"],
    "nl": ["prachtig 😍", "goals 🔥"], "de": ["Hammer 🔥", "wo ist das Kleid her?"],
    "es": ["guapísima 🔥", "¿de dónde es el vestido?"], "fr": ["sublime 🔥", "elle vient d'où la robe ?"],
}
COLLAB_COMMENTS = ["sent you a DM about a collab 🙌", "check your DMs, brand deal 📩", "dm us for a collab 💌",
                   "we'd love to work with you! check your inbox", "stuur je een dm over een samenwerking",
                   "schau mal in deine DMs wegen Kooperation", "te escribimos por DM para una colaboración",
                   "on t'a écrit en DM pour une collab"]
AI_FAN_COMMENTS: Bank = {
    "en": ["what model did you use?", "prompt pls? this is amazing", "which app is this? love the colours",
           "is this midjourney or SD?", "the lighting 🔥", "what checkpoint? 🙏", "stunning render", "how many steps?",
           "lora?? the armor details are insane", "which sampler do you use?", "tutorial please 🙏"],
    "nl": ["welk model gebruik je? prachtig", "prompt pls? super mooi"],
    "de": ["welches Modell? der Hammer", "Prompt bitte? mega"],
    "es": ["¿qué modelo usaste? increíble", "¿me pasas el prompt? 🙏"],
    "fr": ["quel modèle ? c'est superbe", "le prompt stp ? trop beau"],
}
AI_ARTIST_REPLIES = ["SDXL + my own lora 🙂", "midjourney v6, prompt in the caption", "dreamshaper + some inpainting",
                     "thanks! flux dev, 30 steps", "juggernaut XL, then upscaled", "it's all in the alt text 🙂"]

FOOD_COMMENTS: Bank = {
    "en": ["looks delicious 😋", "recipe pls!", "yum", "need this rn", "save me a slice", "🤤🤤", "omg yes",
           "this looks so good", "invite me next time 😂"],
    "nl": ["ziet er heerlijk uit 😋", "recept pls!", "lekker 🤤"], "de": ["sieht lecker aus 😋", "Rezept bitte!"],
    "es": ["qué rico 😋", "¡pasa la receta!"], "fr": ["ça a l'air trop bon 😋", "la recette stp !"],
}
FRUIT_FOOD_COMMENTS = ["🍑🍑 peach season!!", "cherry pie 🍒😍", "🍕🍕🍕 pizza night best night", "those peaches 🍑😋",
                       "🍒🍒 yesss", "juicy 🍑", "lekker 🍒", "Kirschen 🍒 yum", "qué rico 🍑", "miam 🍒"]
PLACE_COMMENTS: Bank = {
    "en": ["wow the view", "where is this?", "jealous!!", "enjoy!!", "take me with you", "stunning 😍", "so pretty"],
    "nl": ["prachtig uitzicht", "waar is dit?", "geniet ervan!"], "de": ["traumhaft", "wo ist das?", "genieß es!"],
    "es": ["qué pasada", "¿dónde es?", "¡disfruta!"], "fr": ["magnifique", "c'est où ?", "profite bien !"],
}
TEXT_COMMENTS: Bank = {
    "en": ["haha same", "so true", "lol", "agree", "ugh mondays", "good luck!", "congrats!! 🎉", "😂😂", "facts"],
    "nl": ["haha herkenbaar", "zo waar", "succes!"], "de": ["haha same", "so wahr", "viel Glück!"],
    "es": ["jaja igual", "tal cual", "¡suerte!"], "fr": ["pareil mdr", "trop vrai", "bon courage !"],
}
FRIEND_DM_COMMENTS = ["check your dms 😂", "sent you a message about saturday", "dm me the recipe!", "texted you!",
                      "app me even 😄", "schreib mir mal", "te escribí por wsp", "je t'ai envoyé un msg",
                      "inbox! 📩", "dm'd you the details"]
AUTHOR_REPLIES: Bank = {
    "en": ["thanks!! ❤️", "haha right", "😂😂", "thank you!", "next time for sure"],
    "nl": ["dank je!", "haha ja"], "de": ["danke!", "haha ja"], "es": ["¡gracias!", "jaja sí"],
    "fr": ["merci !", "haha oui"],
}
GENERIC_COMMENTS = ["🔥", "nice", "❤️", "👏", "😂", "love this", "wow", "😍", "👍", "so good"]

REPORT_REASONS_CHILD = ["child_sexualisation", "child_safety", "sexual_comment_minor"]
REPORT_TEXTS = {
    "en": ["sexual comment on a child's photo", "this account is sexualising kids", "creep in the comments",
           "AI images of children with sexual comments"],
    "nl": ["seksuele opmerking bij foto van een kind"], "de": ["sexueller Kommentar unter Kinderfoto"],
    "es": ["comentario sexual en la foto de un niño"], "fr": ["commentaire sexuel sur la photo d'un enfant"],
}

# --------------------------------------------------------------------------------------------------- variation

_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
_EMOJI_TAILS = {
    "harmful": ["😏", "😈", "🤤", "👀", "🍒", "🍑", "😍", "🥵"],
    "benign": ["❤️", "😍", "🥰", "😂", "✨", "👏", "🙌", "💕"],
    "angry": ["🤬", "😡", "🙄", "🤮", "‼️", "😤"],
}


def fill(template: str, rng: random.Random, **values: str) -> str:
    """Fill a template's placeholders; ``{pedo}`` and ``{cp}`` get a random algospeak spelling."""
    out = template
    if "{pedo}" in out:
        out = out.replace("{pedo}", rng.choice(PEDO_VARIANTS))
    if "{cp}" in out:
        out = out.replace("{cp}", rng.choice(CP_VARIANTS))
    for key, value in values.items():
        out = out.replace("{" + key + "}", value)
    return out


def _typo(word: str, rng: random.Random) -> str:
    letters = [i for i, ch in enumerate(word) if ch.isalpha()]
    if len(letters) < 4:
        return word
    i = rng.choice(letters[1:-1])
    kind = rng.randrange(3)
    if kind == 0 and i + 1 < len(word) and word[i + 1].isalpha():
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 1:
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]


def vary(text: str, rng: random.Random, *, harmful: bool = False, keep: str = "", tone: str | None = None) -> str:
    """Perturb a remark the way people type: case, typos, stretched letters, leetspeak, trailing emoji.

    ``keep`` is a substring (a quoted remark) left untouched; ``tone`` picks the trailing emoji (``harmful``,
    ``benign`` or ``angry``; by default from ``harmful``).
    """
    tails = _EMOJI_TAILS[tone or ("harmful" if harmful else "benign")]
    if keep and keep in text:
        head, tail = text.split(keep, 1)
        if any(ch.isalpha() for ch in tail):
            tail = vary(tail, rng, harmful=harmful, tone=tone)
        return head + keep + tail
    if not any(ch.isalpha() for ch in text):
        if rng.random() < 0.3:
            return text + rng.choice(tails)
        return text
    r = rng.random()
    if r < 0.3:
        text = text.lower()
    elif r < 0.38:
        text = text.upper()
    elif r < 0.5:
        text = text[:1].upper() + text[1:]
    words = text.split(" ")
    if rng.random() < 0.18:
        j = rng.randrange(len(words))
        words[j] = _typo(words[j], rng)
    if harmful and rng.random() < 0.12:
        j = rng.randrange(len(words))
        words[j] = "".join(_LEET.get(ch, ch) if rng.random() < 0.6 else ch for ch in words[j])
    if rng.random() < 0.08:
        j = rng.randrange(len(words))
        w = words[j]
        vowels = [i for i, ch in enumerate(w) if ch.lower() in "aeiouy"]
        if vowels:
            i = rng.choice(vowels)
            words[j] = w[:i] + w[i] * rng.randint(2, 4) + w[i + 1:]
    text = " ".join(words)
    r = rng.random()
    if r < 0.18:
        text = text + " " + rng.choice(tails) * rng.randint(1, 2)
    elif r < 0.26:
        text = text + rng.choice(["!!", "!", "??", "...", " lol", " tbh", " fr", " haha"])
    return text


def pick(bank: Bank, lang: str, rng: random.Random, english_share: float = 0.15) -> str:
    """A phrase in ``lang`` (sometimes in English anyway, as people switch)."""
    if lang not in bank or rng.random() < english_share:
        lang = "en"
    return rng.choice(bank[lang])


def pick_gendered(bank: GenderedBank, lang: str, gender: str, rng: random.Random, english_share: float = 0.15) -> str:
    if lang not in bank or rng.random() < english_share:
        lang = "en"
    options = list(bank[lang]["n"])
    if gender in ("f", "m"):
        options += bank[lang][gender] * 2
    return rng.choice(options)
