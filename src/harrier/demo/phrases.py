"""Text banks of the demo platform: captions, comments, bios and handles per intent and language.

Many phrasings per intent, in seven languages, so that a detector cannot key on one template token; the
generator adds typos, leetspeak, spacing and emoji on top (``perturb``). Harmful remarks are short and
non-graphic, of the kind quoted in public reporting on predatory comment sections; nothing here is explicit.
Benign banks deliberately share vocabulary with harmful ones ("growing up so fast", "looks hot", "which app?",
"dm me", "...lover", t.me links of coaches) because those are the hard negatives a real system meets.
"""

from __future__ import annotations

import random

LANGS = ("en", "nl", "de", "fr", "es", "pt", "it")
LANG_WEIGHTS = (0.42, 0.12, 0.12, 0.1, 0.1, 0.08, 0.06)

# ---------------------------------------------------------------------------------------------------------
# Harmful intents (planted). Keys are the intents recorded in ground_truth.json "comment_labels".
# ---------------------------------------------------------------------------------------------------------

SEXUALISING: dict[str, list[str]] = {
    "en": [
        "perfect age", "perfect age 😍", "so mature for her age", "mature for her age 😏", "the perfect age tbh",
        "she's growing up nicely 😏", "what a little model 😏", "best age 🍒", "🍒🍒", "🍒🍭", "🍓🍒😏", "🧀🍕?",
        "cheese pizza vibes 🍕", "ripe 🍒", "fresh 🍓🍓", "so spicy for her age 🌶️", "seggsy lil one",
        "how old is she? 😏", "age? 👀", "how old 👀👀", "younger the better 😏", "wish she was mine 😏",
        "lucky dad 😏", "can't wait till she's older 😏", "little cutie 😏😏", "looks so grown up for her age",
        "such a grown up look 😏", "she knows what she's doing 😏", "tiny and perfect 😍", "love this age",
        "💋💋 so young", "spicy 🌶️ lil model", "corn 🌽 material", "that age is the best 😏", "such a lil tease",
        "dream girl 😍 how old", "perfect lil one 😏", "grown so nicely 😏👀", "best age fr 🍒",
    ],
    "nl": [
        "perfecte leeftijd", "zo volwassen voor haar leeftijd", "lekker jong 😏", "volwassen lijf voor haar leeftijd",
        "hoe oud is ze? 😏", "de beste leeftijd 🍒", "klein en perfect 😍", "wat een modelletje 😏",
        "kan niet wachten tot ze ouder is 😏", "rijp 🍒",
    ],
    "de": [
        "perfektes Alter", "so reif für ihr Alter", "reif für ihr Alter 😏", "wie alt ist sie? 😏",
        "das beste Alter 🍒", "klein und perfekt 😍", "was für ein kleines Model 😏", "schön jung 😏",
        "kann nicht warten bis sie älter ist 😏", "reif 🍒🍒",
    ],
    "fr": [
        "l'âge parfait", "si mature pour son âge", "mature pour son âge 😏", "elle a quel âge ? 😏",
        "le meilleur âge 🍒", "petite et parfaite 😍", "quel petit mannequin 😏", "bien jeune 😏",
        "vivement qu'elle grandisse 😏", "bien mûre 🍒",
    ],
    "es": [
        "edad perfecta", "tan madura para su edad", "madura para su edad 😏", "¿cuántos años tiene? 😏",
        "la mejor edad 🍒", "pequeña y perfecta 😍", "qué modelito 😏", "bien jovencita 😏",
        "no puedo esperar a que crezca 😏", "madurita 🍒",
    ],
    "pt": [
        "idade perfeita", "tão madura pra idade dela", "madura pra idade 😏", "quantos anos ela tem? 😏",
        "a melhor idade 🍒", "pequena e perfeita 😍", "que modelinho 😏", "novinha 😏", "novinha demais 🍒",
        "mal posso esperar ela crescer 😏",
    ],
    "it": [
        "età perfetta", "così matura per la sua età", "matura per la sua età 😏", "quanti anni ha? 😏",
        "l'età migliore 🍒", "piccola e perfetta 😍", "che piccola modella 😏", "bella giovane 😏",
        "non vedo l'ora che cresca 😏", "matura 🍒",
    ],
}

DESIRE: dict[str, list[str]] = {
    "en": [
        "more of her pls", "post more of her 😏", "need more like this", "more pics?", "want more 👀",
        "any more of these?", "make a new one of her pls", "do her next 😏", "more like this in private?",
        "saving this one 😏", "saved 👀", "part 2??", "more more more 🍒", "got any unreleased ones?",
        "would pay for more 💸", "need the full set 😏",
    ],
    "nl": ["meer van haar aub 😏", "meer foto's?", "heb je er meer? 👀", "deel 2?? 😏", "opgeslagen 😏"],
    "de": ["mehr von ihr bitte 😏", "mehr Bilder?", "hast du mehr davon? 👀", "Teil 2?? 😏", "gespeichert 😏"],
    "fr": ["encore d'elle svp 😏", "d'autres photos ?", "t'en as d'autres ? 👀", "partie 2 ?? 😏", "enregistré 😏"],
    "es": ["más de ella porfa 😏", "¿más fotos?", "¿tienes más? 👀", "¿parte 2? 😏", "guardado 😏"],
    "pt": ["mais dela pfv 😏", "mais fotos?", "tem mais? 👀", "parte 2?? 😏", "salvei 😏"],
    "it": ["ancora di lei per favore 😏", "altre foto?", "ne hai altre? 👀", "parte 2?? 😏", "salvata 😏"],
}

# {tg}, {snap}, {invite}, {discord}, {kik}, {wa} are filled with generated handles / codes.
CONTACT_MOVE: dict[str, list[str]] = {
    "en": [
        "sent you a DM", "sent u a dm 😉", "check your DMs", "check ur dm 📩", "dm me", "DM me for more",
        "check my bio", "link in my bio 😏", "more in my bio", "add me on tele {tg}", "tg: {tg}",
        "t.me/{tg}", "join t.me/+{invite}", "trading pics t.me/{tg}", "snap me {snap}", "sc: {snap}",
        "discord.gg/{discord}", "kik me {kik}", "w h a t s a p p me", "wa {wa}", "come to tele 📩",
        "message me on the other app", "we have a group, dm for link", "inbox me 😉", "dm open 📩",
        "hit my dms", "private group link in bio",
    ],
    "nl": ["stuur me een dm 😉", "dm mij", "check mijn bio", "app me {wa}", "kom naar tele t.me/{tg}",
           "privé groep, dm voor link", "check je dm 📩"],
    "de": ["schreib mir privat 😉", "schau in deine DMs", "schau in meine Bio", "Tele: {tg}",
           "komm in unsere Gruppe t.me/+{invite}", "snap: {snap}", "DM für mehr"],
    "fr": ["je t'ai envoyé un MP", "mp moi 😉", "regarde ma bio", "viens sur télégram t.me/{tg}",
           "groupe privé, mp pour le lien", "snap : {snap}", "écris-moi en privé"],
    "es": ["te escribí al privado", "escríbeme al dm 😉", "mira mi bio", "pásate por tele t.me/{tg}",
           "grupo privado, dm para el link", "snap: {snap}", "háblame al priv"],
    "pt": ["te mandei dm", "chama no pv 😉", "olha minha bio", "vem pro tele t.me/{tg}",
           "grupo privado chama no pv", "zap {wa}", "me chama no privado"],
    "it": ["ti ho scritto in dm", "scrivimi in privato 😉", "guarda la mia bio", "vieni su tele t.me/{tg}",
           "gruppo privato, dm per il link", "snap: {snap}", "dm aperti 📩"],
}

GENERATION_REQUEST: dict[str, list[str]] = {
    "en": [
        "which app?", "what app is this?", "what prompt?", "prompt pls", "what model did you use?",
        "which ai made this", "app name?", "tutorial?", "how do you make these?", "can you share the prompt 🙏",
        "what checkpoint/lora?", "is there a lora for this?", "which generator pls", "how to make her younger?",
        "app?? 👀", "drop the prompt", "what site makes these", "how to get these without the filter?",
    ],
    "nl": ["welke app?", "welke app is dit?", "wat is de prompt?", "hoe maak je deze?", "welk model gebruik je?"],
    "de": ["welche App?", "welche App ist das?", "was ist der Prompt?", "wie machst du die?", "welches Modell?"],
    "fr": ["quelle appli ?", "c'est quelle app ?", "c'est quoi le prompt ?", "tu les fais comment ?",
           "quel modèle ?"],
    "es": ["¿qué app?", "¿qué app es?", "¿cuál es el prompt?", "¿cómo las haces?", "¿qué modelo usas?"],
    "pt": ["qual app?", "qual app é essa?", "qual o prompt?", "como você faz essas?", "qual modelo?"],
    "it": ["quale app?", "che app è?", "qual è il prompt?", "come le fai?", "che modello usi?"],
}

MINIMISATION: dict[str, list[str]] = {
    "en": ["relax it's just AI", "no real kid harmed lol", "it's art, chill", "not even real, calm down",
           "AI isn't a crime", "snowflakes everywhere 🙄", "it's fake who cares"],
    "nl": ["rustig, het is maar AI", "het is niet eens echt", "het is kunst, chill"],
    "de": ["entspann dich, ist nur KI", "ist doch nicht echt", "ist Kunst, chill"],
    "fr": ["détends-toi c'est de l'IA", "c'est même pas réel", "c'est de l'art"],
    "es": ["tranqui, es solo IA", "ni siquiera es real", "es arte, relájate"],
    "pt": ["relaxa é só IA", "nem é real", "é arte, calma"],
    "it": ["calma, è solo IA", "non è nemmeno reale", "è arte, rilassati"],
}

# Posts of accounts dedicated to AI-generated images of children.
DEDICATED_CAPTION: dict[str, list[str]] = {
    "en": [
        "AI girl ✨", "little princess ✨", "my AI daughter 💕", "cute little model", "tiny model of the day 🎀",
        "school girl vibes 🎀", "daily AI angel 💕", "sweet 8yo AI girl", "new AI cutie", "little dancer 🩰",
        "summer girl ☀️", "ai kid model #{n}", "bedtime princess 🌙", "sweet little one", "ballerina girl 🩰",
        "pool day girl 🏊", "cutie of the day", "beach girl 🏖️", "lil angel drop #{n}", "first day of school 🎒",
    ],
    "nl": ["AI meisje ✨", "klein prinsesje 🎀", "schattig AI model", "meisje van de dag 💕"],
    "de": ["KI Mädchen ✨", "kleine Prinzessin 🎀", "süßes KI Model", "Mädchen des Tages 💕"],
    "fr": ["fille IA ✨", "petite princesse 🎀", "mignonne petite modèle", "fillette du jour 💕"],
    "es": ["niña IA ✨", "princesita 🎀", "modelito IA", "niña del día 💕"],
    "pt": ["menina IA ✨", "princesinha 🎀", "modelinho IA", "menina do dia 💕"],
    "it": ["ragazzina IA ✨", "piccola principessa 🎀", "modellina IA", "bimba del giorno 💕"],
}
DEDICATED_TAGS = [
    "aiart", "aigirl", "cute", "aiartwork", "aigenerated", "stablediffusion", "digitalart", "kawaii", "angel",
    "princess", "littlemodel", "kidsfashion", "aibaby", "cutegirl", "dollface", "midjourney",
]
# Reach gaming: unrelated trending tags and sounds pasted onto child imagery.
TRENDING_TAGS = [
    "fyp", "foryou", "viral", "trending", "worldcup", "eurovision", "blackfriday", "newmusic", "explorepage",
    "reels", "summerhits", "nbafinals", "taylorswift", "grammys", "championsleague", "halloween", "christmas",
]
TRENDING_SOUNDS = [
    "Neon Summer (sped up)", "Midnight Drive – Lola Vega", "Golden Hour Remix", "Paper Hearts – The Tides",
    "Karma Loop (slowed)", "Dancing in Lisbon – Rui Mar", "Electric Feel 2026", "Sunset Boulevard – NOVA",
    "Bubblegum Pop (TikTok version)", "Heatwave – DJ Sola", "Forever Young (lofi)", "Cherry Kiss – Mina",
]
CALM_SOUNDS = [
    "Acoustic Morning", "Lo-fi Study Beats", "Happy Birthday (piano)", "Ocean Waves", "Café Jazz", "Original audio",
    "Road Trip Mix", "Workout Pump 2026", "Match Day Anthem", "Cozy Sunday",
]

DEDICATED_REPLY: dict[str, list[str]] = {
    "en": ["thank you 💕", "ty 😘", "more in my bio 😉", "tg in bio", "check the link 🔗", "dm'd you",
           "new set tonight 💕", "glad u like her", "❤️", "🥰", "exclusive ones on the other app 😉"],
    "nl": ["dankjewel 💕", "meer in mijn bio 😉", "dm gestuurd"],
    "de": ["danke 💕", "mehr in meiner Bio 😉", "DM geschickt"],
    "fr": ["merci 💕", "plus dans ma bio 😉", "mp envoyé"],
    "es": ["gracias 💕", "más en mi bio 😉", "te escribí"],
    "pt": ["obrigada 💕", "mais na bio 😉", "te chamei"],
    "it": ["grazie 💕", "altro nella bio 😉", "ti ho scritto"],
}

# ---------------------------------------------------------------------------------------------------------
# Benign life.
# ---------------------------------------------------------------------------------------------------------

KID_NAMES = ["Emma", "Noah", "Mila", "Liam", "Sofia", "Lucas", "Julia", "Finn", "Lea", "Mateo", "Anna", "Luca",
             "Zoe", "Sam", "Nina", "Tom", "Eva", "Leo", "Lina", "Max", "Chloé", "Hugo", "Inès", "Pablo", "Lucía",
             "Beatriz", "João", "Giulia", "Marco", "Fenna", "Daan", "Sem", "Jonas", "Mia", "Elif", "Aya"]

FAMILY_CAPTION: dict[str, list[str]] = {
    "en": ["{name} turned {age} today! 🎂🎈", "Happy {age}th birthday to our little {name} 🎉",
           "first day of school for {name} 🎒", "{name}'s school play, so proud 🎭", "sports day with {name} 🏅",
           "our little artist {name} 🎨", "{name} lost her first tooth 🦷", "family day at the zoo 🦒",
           "{name} and grandma baking 🍪", "school concert tonight 🎶 {name} on the recorder",
           "throwback to {name}'s {age}th birthday party", "swim lesson graduation 🏊 well done {name}",
           "{name}'s first bike ride 🚲", "Halloween costumes this year 🎃", "lazy Sunday with the kids"],
    "nl": ["{name} is vandaag {age} geworden! 🎂🎈", "eerste schooldag van {name} 🎒", "schoolmusical van {name} 🎭",
           "gefeliciteerd lieve {name} 🎉", "sportdag met {name} 🏅", "dagje dierentuin met de kids 🦒"],
    "de": ["{name} ist heute {age} geworden! 🎂🎈", "Einschulung von {name} 🎒", "Schulaufführung, so stolz 🎭",
           "alles Gute zum {age}. Geburtstag, {name} 🎉", "Sportfest mit {name} 🏅", "Familientag im Zoo 🦒"],
    "fr": ["{name} a {age} ans aujourd'hui ! 🎂🎈", "premier jour d'école pour {name} 🎒",
           "spectacle de l'école, trop fiers 🎭", "joyeux anniversaire {name} 🎉", "journée au zoo en famille 🦒"],
    "es": ["¡{name} cumple {age} hoy! 🎂🎈", "primer día de cole de {name} 🎒", "función del cole, qué orgullo 🎭",
           "feliz cumple {name} 🎉", "día de zoo en familia 🦒"],
    "pt": ["{name} fez {age} anos hoje! 🎂🎈", "primeiro dia de aula da {name} 🎒", "apresentação da escola 🎭",
           "parabéns {name} 🎉", "dia no zoológico em família 🦒"],
    "it": ["{name} compie {age} anni oggi! 🎂🎈", "primo giorno di scuola di {name} 🎒", "recita di scuola 🎭",
           "buon compleanno {name} 🎉", "giornata allo zoo in famiglia 🦒"],
}
FAMILY_TAGS = ["birthday", "family", "kids", "proudmom", "proudparent", "schoolday", "momlife", "dadlife",
               "familytime", "happybirthday", "backtoschool", "childhood", "memories", "weekend"]

FAMILY_COMMENT: dict[str, list[str]] = {
    "en": ["happy birthday sweetie!! 🎂", "so cute ❤️", "she's growing up so fast 😭", "what a beautiful family",
           "love you little one, grandma xx", "proud of you!!", "happy birthday {name} 🎉🎈", "adorable 🥰",
           "omg that cake 😍", "time flies!", "can't believe she's {age} already", "such a sweetheart",
           "give her a hug from us 🤗", "miss you all ❤️", "beautiful pic", "the cutest", "so proud of him 💙",
           "looks like so much fun", "aww 🥹", "best party ever!", "uncle Tom says hi 👋"],
    "nl": ["gefeliciteerd lieverd!! 🎂", "wat schattig ❤️", "ze wordt zo snel groot 😭", "mooi gezin",
           "dikke kus van oma xx", "trots op je!", "wat een feest 🎉", "schatje 🥰"],
    "de": ["alles Gute, Schatz!! 🎂", "so süß ❤️", "sie wird so schnell groß 😭", "schöne Familie",
           "Bussi von Oma xx", "stolz auf dich!", "tolle Party 🎉", "Goldschatz 🥰"],
    "fr": ["joyeux anniversaire ma puce !! 🎂", "trop mignon ❤️", "elle grandit si vite 😭", "belle famille",
           "bisous de mamie xx", "fiers de toi !", "quelle fête 🎉", "adorable 🥰"],
    "es": ["¡feliz cumple cariño!! 🎂", "qué monada ❤️", "qué rápido crece 😭", "qué familia tan bonita",
           "besos de la abuela xx", "¡orgullosos de ti!", "qué fiesta 🎉", "preciosa 🥰"],
    "pt": ["parabéns meu amor!! 🎂", "que fofura ❤️", "está crescendo tão rápido 😭", "família linda",
           "beijos da vovó xx", "orgulho de você!", "que festa 🎉", "linda 🥰"],
    "it": ["auguri tesoro!! 🎂", "che dolce ❤️", "cresce così in fretta 😭", "bella famiglia",
           "baci dalla nonna xx", "orgogliosi di te!", "che festa 🎉", "bellissima 🥰"],
}

# A parent answering a creep under their child's photo.
PARENT_PUSHBACK: dict[str, list[str]] = {
    "en": ["blocked. this is my child.", "what is wrong with you?? reported", "get off my page 🤬",
           "deleting this post, thanks creeps", "reported and blocked"],
    "nl": ["geblokkeerd. dit is mijn kind.", "wat is er mis met jou?? gemeld"],
    "de": ["blockiert. das ist mein Kind.", "was stimmt nicht mit dir?? gemeldet"],
    "fr": ["bloqué. c'est mon enfant.", "t'es malade ?? signalé"],
    "es": ["bloqueado. es mi hija.", "¿qué te pasa?? denunciado"],
    "pt": ["bloqueado. é minha filha.", "qual o seu problema?? denunciado"],
    "it": ["bloccato. è mia figlia.", "ma che problemi hai?? segnalato"],
}

COUNTER_SPEECH: dict[str, list[str]] = {
    "en": ["reported, these comments are predatory", "why is this allowed", "why is this account still up??",
           "@support please remove this account", "these comments are disgusting. reported.",
           "blocked and reported, everyone please do the same", "this is a child. stop.",
           "the comment section here is a crime scene", "reporting every one of you",
           "AI or not, sexualising kids is not ok", "parents, please make your accounts private",
           "how is this still on the platform", "mass report this page", "this page needs to go"],
    "nl": ["gemeld, deze reacties zijn walgelijk", "waarom mag dit?", "iedereen melden aub", "dit is een kind. stop."],
    "de": ["gemeldet, diese Kommentare sind widerlich", "warum ist das erlaubt?", "bitte alle melden",
           "das ist ein Kind. Hört auf."],
    "fr": ["signalé, ces commentaires sont prédateurs", "pourquoi c'est autorisé ?", "signalez tous ce compte",
           "c'est une enfant. stop."],
    "es": ["denunciado, estos comentarios son de depredadores", "¿por qué se permite esto?",
           "denunciad esta cuenta", "es una niña. basta."],
    "pt": ["denunciado, esses comentários são predatórios", "por que isso é permitido?", "denunciem essa conta",
           "é uma criança. parem."],
    "it": ["segnalato, questi commenti sono da predatori", "perché è permesso?", "segnalate questo account",
           "è una bambina. basta."],
}

# Bystanders who find an AI child image "cute" without any sexualising intent.
OBLIVIOUS: dict[str, list[str]] = {
    "en": ["so cute ❤️", "adorable", "beautiful art ✨", "the details 😍", "love the colors", "aww",
           "looks so real", "wow AI is getting good", "pretty dress", "💕💕"],
    "nl": ["schattig ❤️", "mooi gemaakt", "lijkt echt"],
    "de": ["süß ❤️", "schön gemacht", "sieht echt aus"],
    "fr": ["trop mignon ❤️", "belle image", "on dirait vrai"],
    "es": ["qué mona ❤️", "bonita imagen", "parece real"],
    "pt": ["que fofa ❤️", "linda arte", "parece real"],
    "it": ["che carina ❤️", "bella immagine", "sembra vera"],
}

TOPIC_CAPTION: dict[str, dict[str, list[str]]] = {
    "food": {
        "en": ["homemade lasagna tonight 🍝", "sunday brunch 🥞", "best ramen in town 🍜", "trying a new recipe",
               "cheese pizza night 🍕", "fresh cherries from the market 🍒", "peach season 🍑", "taco tuesday 🌮"],
        "nl": ["stamppot vanavond 🥔", "zondagse brunch 🥞", "verse kersen van de markt 🍒", "nieuw recept"],
        "de": ["Sonntagsbrunch 🥞", "frische Kirschen vom Markt 🍒", "Käsespätzle 🧀", "neues Rezept"],
        "fr": ["brunch du dimanche 🥞", "cerises du marché 🍒", "raclette entre amis 🧀", "nouvelle recette"],
        "es": ["paella del domingo 🥘", "cerezas del mercado 🍒", "brunch 🥞", "receta nueva"],
        "pt": ["pastel de nata 🥮", "cerejas da feira 🍒", "brunch de domingo 🥞", "receita nova"],
        "it": ["pizza margherita 🍕", "ciliegie del mercato 🍒", "brunch della domenica 🥞", "nuova ricetta"],
    },
    "sport": {
        "en": ["match day ⚽", "new PR on the track 🏃", "league champions!!", "morning ride 🚴", "game night 🏀"],
        "nl": ["wedstrijddag ⚽", "kampioen!!", "ochtendrit 🚴"],
        "de": ["Spieltag ⚽", "Meister!!", "Morgenrunde 🚴"],
        "fr": ["jour de match ⚽", "champions !!", "sortie vélo 🚴"],
        "es": ["día de partido ⚽", "¡campeones!", "ruta en bici 🚴"],
        "pt": ["dia de jogo ⚽", "campeões!!", "pedal de domingo 🚴"],
        "it": ["giorno di partita ⚽", "campioni!!", "giro in bici 🚴"],
    },
    "travel": {
        "en": ["sunset in Lisbon 🌅", "mountains calling ⛰️", "beach days 🏖️", "road trip 🚗", "lost in Kyoto"],
        "nl": ["zonsondergang aan zee 🌅", "bergen ⛰️", "roadtrip 🚗"],
        "de": ["Sonnenuntergang 🌅", "Berge ⛰️", "Roadtrip 🚗"],
        "fr": ["coucher de soleil 🌅", "la montagne ⛰️", "road trip 🚗"],
        "es": ["atardecer 🌅", "montaña ⛰️", "viaje por carretera 🚗"],
        "pt": ["pôr do sol 🌅", "montanha ⛰️", "viagem 🚗"],
        "it": ["tramonto 🌅", "montagna ⛰️", "viaggio 🚗"],
    },
    "pets": {
        "en": ["good boy 🐶", "cat tax 🐱", "walkies 🐕", "new family member 🐾", "nap time 😴🐈"],
        "nl": ["brave hond 🐶", "onze kat 🐱", "wandelen 🐕"],
        "de": ["braver Hund 🐶", "unsere Katze 🐱", "Gassi 🐕"],
        "fr": ["bon chien 🐶", "notre chat 🐱", "balade 🐕"],
        "es": ["buen chico 🐶", "mi gato 🐱", "paseo 🐕"],
        "pt": ["bom garoto 🐶", "meu gato 🐱", "passeio 🐕"],
        "it": ["bravo cane 🐶", "il mio gatto 🐱", "passeggiata 🐕"],
    },
    "fitness": {
        "en": ["leg day 💪", "summer body loading", "6am gym club", "new gym fit 🔥", "progress pic, 1 year in",
               "coach life, DM for plans"],
        "nl": ["beendag 💪", "sportschool om 6u", "vooruitgang na een jaar"],
        "de": ["Beintag 💪", "Gym um 6", "Fortschritt nach einem Jahr"],
        "fr": ["leg day 💪", "salle à 6h", "progression en un an"],
        "es": ["día de pierna 💪", "gym a las 6", "progreso de un año"],
        "pt": ["dia de perna 💪", "academia às 6h", "evolução de um ano"],
        "it": ["leg day 💪", "palestra alle 6", "progressi in un anno"],
    },
    "fashion": {
        "en": ["outfit of the day ✨", "new dress 👗", "date night look 💋", "summer fit ☀️", "red carpet vibes"],
        "nl": ["outfit van de dag ✨", "nieuwe jurk 👗"],
        "de": ["Outfit des Tages ✨", "neues Kleid 👗"],
        "fr": ["tenue du jour ✨", "nouvelle robe 👗"],
        "es": ["look del día ✨", "vestido nuevo 👗"],
        "pt": ["look do dia ✨", "vestido novo 👗"],
        "it": ["outfit del giorno ✨", "vestito nuovo 👗"],
    },
    "ai_art": {
        "en": ["AI landscape #{n}", "dreamscape ✨", "made with stable diffusion", "fantasy castle at dusk",
               "AI girl ✨ #aimodel", "cyberpunk city", "prompt in comments", "daily AI render"],
        "nl": ["AI landschap ✨", "droomwereld"], "de": ["KI Landschaft ✨", "Traumwelt"],
        "fr": ["paysage IA ✨", "monde onirique"], "es": ["paisaje IA ✨", "mundo de ensueño"],
        "pt": ["paisagem IA ✨", "mundo dos sonhos"], "it": ["paesaggio IA ✨", "mondo da sogno"],
    },
    "general": {
        "en": ["monday mood", "weekend!!", "coffee first ☕", "random pic", "life lately"],
        "nl": ["maandag 😴", "weekend!!", "eerst koffie ☕"], "de": ["Montag 😴", "Wochenende!!", "erst Kaffee ☕"],
        "fr": ["lundi 😴", "week-end !!", "café d'abord ☕"], "es": ["lunes 😴", "¡finde!", "primero café ☕"],
        "pt": ["segunda 😴", "fim de semana!!", "café primeiro ☕"],
        "it": ["lunedì 😴", "weekend!!", "prima il caffè ☕"],
    },
}
TOPIC_TAGS: dict[str, list[str]] = {
    "food": ["food", "foodie", "yummy", "homecooking", "recipe", "brunch", "foodporn", "instafood"],
    "sport": ["football", "running", "cycling", "gameday", "teamwork", "sport"],
    "travel": ["travel", "wanderlust", "sunset", "beach", "mountains", "roadtrip"],
    "pets": ["dog", "cat", "petsofinstagram", "goodboy", "puppy", "catsofinstagram"],
    "fitness": ["fitness", "gym", "legday", "fitfam", "workout", "bodygoals", "hot"],
    "fashion": ["ootd", "fashion", "style", "outfit", "model", "sexy"],
    "ai_art": ["aiart", "stablediffusion", "midjourney", "aiartwork", "digitalart", "aigenerated", "aigirl"],
    "general": ["mood", "life", "weekend", "fyp", "viral"],
}
TOPIC_COMMENT: dict[str, dict[str, list[str]]] = {
    "food": {
        "en": ["looks tasty", "yummy 😋", "recipe please?", "that looks delicious", "I need this now",
               "so juicy 🤤", "save me a slice 🍕", "cherries 🍒🍒 jealous", "omg 😍"],
        "nl": ["ziet er lekker uit", "recept aub?", "smakelijk 😋"],
        "de": ["sieht lecker aus", "Rezept bitte?", "lecker 😋"],
        "fr": ["ça a l'air bon", "la recette svp ?", "miam 😋"], "es": ["qué rico", "¿receta?", "delicioso 😋"],
        "pt": ["que delícia", "receita por favor?", "hmm 😋"], "it": ["che buono", "ricetta?", "gnam 😋"],
    },
    "sport": {
        "en": ["great game", "what a goal!!", "go team 💪", "beast mode", "congrats!!", "legend"],
        "nl": ["mooie wedstrijd", "wat een goal!!", "gefeliciteerd!!"],
        "de": ["tolles Spiel", "was für ein Tor!!", "Glückwunsch!!"],
        "fr": ["beau match", "quel but !!", "bravo !!"], "es": ["gran partido", "¡qué golazo!", "¡enhorabuena!"],
        "pt": ["que jogo", "que golaço!!", "parabéns!!"], "it": ["bella partita", "che gol!!", "complimenti!!"],
    },
    "travel": {
        "en": ["wow beautiful", "where is this?", "bucket list", "take me with you", "stunning view"],
        "nl": ["prachtig", "waar is dit?"], "de": ["wunderschön", "wo ist das?"], "fr": ["magnifique", "c'est où ?"],
        "es": ["precioso", "¿dónde es?"], "pt": ["lindo", "onde é isso?"], "it": ["bellissimo", "dove si trova?"],
    },
    "pets": {
        "en": ["what a good boy", "so fluffy 😍", "I want to squish him", "the cutest pup", "those eyes 🥺"],
        "nl": ["wat een schatje", "zo pluizig"],
        "de": ["so flauschig", "süßer Hund"],
        "fr": ["trop mignon", "tout doux"],
        "es": ["qué bonito", "precioso perrito"],
        "pt": ["que fofo", "lindo demais"],
        "it": ["che tenero", "bellissimo"],
    },
    "fitness": {
        "en": ["looks hot 🔥", "goals 💪", "what a body", "you look amazing", "beast!!", "so fit 🔥🔥", "hottie",
               "teach me your ways", "dm me your plan pls"],
        "nl": ["wat een lijf 🔥", "doelen 💪"], "de": ["heiß 🔥", "Ziele 💪"], "fr": ["canon 🔥", "objectif 💪"],
        "es": ["qué cuerpazo 🔥", "metas 💪"], "pt": ["gostosa 🔥", "meta 💪"], "it": ["che fisico 🔥", "obiettivi 💪"],
    },
    "fashion": {
        "en": ["gorgeous", "looks hot 🔥", "stunning 😍", "sexy outfit", "where is the dress from?", "slay 💅",
               "queen 👑", "so pretty"],
        "nl": ["prachtig", "waar is die jurk van?"], "de": ["wunderschön", "heißes Outfit 🔥"],
        "fr": ["magnifique", "trop canon 🔥"], "es": ["guapísima", "qué bombón 🔥"],
        "pt": ["maravilhosa", "que gata 🔥"], "it": ["bellissima", "che schianto 🔥"],
    },
    "ai_art": {
        "en": ["what prompt?", "which model?", "stunning render", "love the colors", "prompt pls 🙏",
               "which app is this?", "the lighting 😍", "tutorial?", "looks hot 🔥", "gorgeous AI work"],
        "nl": ["welke app?", "prachtig"], "de": ["welche App?", "wunderschön"], "fr": ["quelle appli ?", "magnifique"],
        "es": ["¿qué app?", "precioso"], "pt": ["qual app?", "lindo"], "it": ["quale app?", "bellissimo"],
    },
    "general": {
        "en": ["lol", "nice", "😂😂", "same", "love this", "🔥", "haha true", "mood", "dm me later 😂"],
        "nl": ["haha", "mooi"], "de": ["haha", "schön"], "fr": ["mdr", "trop bien"], "es": ["jaja", "qué bueno"],
        "pt": ["kkkk", "massa"], "it": ["ahah", "bello"],
    },
}

# ---------------------------------------------------------------------------------------------------------
# Handles and bios.
# ---------------------------------------------------------------------------------------------------------

FIRST_NAMES = ["anna", "bram", "carla", "daan", "elena", "femke", "greta", "hugo", "ines", "jan", "kim", "lars",
               "maria", "nico", "olga", "pedro", "quinn", "rosa", "sven", "tess", "ugo", "vera", "wim", "xena",
               "yara", "zoe", "luca", "marta", "joao", "chiara", "pierre", "lucie", "jonas", "katrin", "diego",
               "paula", "mike", "sarah", "tom", "jess", "dave", "lisa", "ben", "amy", "sophie", "ahmed", "fatima"]
HANDLE_WORDS = ["sunny", "happy", "travel", "coffee", "pizza", "dog", "cat", "book", "sunset", "gym", "fit",
                "style", "chef", "run", "bike", "art", "photo", "music", "daily", "life", "world", "blue", "wild",
                "little", "mama", "papa", "family", "home", "garden", "city"]
BENIGN_HANDLE_SUFFIX = ["lover", "fan", "addict", "_nl", "_de", "_fr", "_es", "_pt", "_it", "official", "x", "_",
                        "daily", "world"]
# Handles that real predatory accounts use; they are a minority of the planted harmful handles, and benign
# accounts carry "...lover"/"...fan" handles too, so the handle alone never decides.
HARMFUL_HANDLE_PATTERNS = ["p3do{n}", "p3d0_{w}", "lil_angel_lover{n}", "cutie_lover_{n}", "young{w}fan",
                           "smallgirls_fan{n}", "ch33sepizza{n}", "cherry_collector{n}", "schoolgirl_admirer",
                           "minor{w}{n}", "mapp_{w}", "kiddo_fan{n}", "petite_lover{n}", "n0_judg3_{n}"]

BIO: dict[str, list[str]] = {
    "parent": ["mom of 3 🌸", "dad, runner, coffee", "proud mama of two 💕", "family first", "mum • teacher • baker",
               "moeder van twee", "Mama von zwei Wirbelwinden", "maman comblée", "madre de dos", "mãe de dois",
               "mamma di tre", ""],
    "relative": ["grandma of 5 💕", "proud aunt", "oma 💕", "Opa und Gärtner", "tata", "abuela", "avó", "nonna", ""],
    "food": ["home cook 🍝", "food lover", "chef | recipes below", "brunch enthusiast", "🍕 > everything", ""],
    "sport": ["runner 🏃", "football is life ⚽", "cyclist", "coach U12", "marathon x3", ""],
    "travel": ["40 countries 🌍", "wanderlust", "travel photographer", "next stop: ?", ""],
    "pets": ["dog mom 🐶", "cat person 🐱", "2 dogs, 1 cat", ""],
    "fitness": ["fitness coach 💪 DM for plans", "online coaching t.me/fitcoach{n}", "gym rat", "NASM certified",
                "18+ fitness model", "IFBB pro", ""],
    "fashion": ["fashion & lifestyle", "model 📸 bookings by DM", "stylist", "18+ | model", "ootd daily", ""],
    "ai_art": ["AI artist 🎨", "AI art 🎨 daily", "stable diffusion renders", "prompts on request", "digital dreams ✨",
               "AI model 18+ ✨", "ComfyUI workflows", ""],
    "general": ["", "just vibes", "student", "🇳🇱", "🇩🇪", "🇫🇷", "🇪🇸", "🇵🇹", "🇮🇹", "nurse", "engineer",
                "dm me for collabs", "no DMs pls", "tg: @{w}{n}", "dad of 2", "photographer", "art lover",
                "collector", "just looking 👀", "dm open", "snap {w}{n}"],
    "counter_speech": ["child safety advocate", "report predators, protect kids", "mom. advocate.",
                       "kinderschutz 🛡️", "protégeons les enfants", ""],
    "dedicated": ["AI art 🎨 daily", "digital dolls ✨ links below", "more in tg 📩 t.me/{w}{n}",
                  "AI angels 💕 requests open", "exclusive sets on the other app 😉", "all images AI, no real kids",
                  "🎀🍭✨", "cute AI models daily", ""],
    "harmful_commenter": ["", "just looking 👀", "🍒🍭", "trades open 📩", "tg: {w}{n}", "no judge 😏",
                          "collector", "dad of 2", "photographer", "ask for app 🤖", "dm open", "art lover",
                          "snap {w}{n}", "🍕🧀"],
}


def pick(rng: random.Random, bank: dict[str, list[str]], lang: str, en_share: float = 0.25) -> str:
    """A phrase in ``lang``, or in English with ``en_share`` (English is the lingua franca of comment sections)."""
    if lang != "en" and rng.random() < en_share:
        lang = "en"
    return rng.choice(bank.get(lang) or bank["en"])


_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
_EMOJI_TAIL = ["", "", "", " 😍", " 😏", " 👀", " 🍒", " ❤️", " 🔥", "!!", "!", " 😂", " 🥰", "..", " 🙈"]


def perturb(rng: random.Random, text: str, strength: float = 0.3) -> str:
    """Vary a phrase the way people type: typos, leetspeak, spaced letters, stretched vowels, case, emoji."""
    out = text
    r = rng.random
    if r() < strength * 0.5 and len(out) > 4:  # typo: drop or swap one letter
        i = rng.randrange(1, len(out) - 1)
        out = out[:i] + out[i + 1 :] if r() < 0.5 else out[: i - 1] + out[i] + out[i - 1] + out[i + 1 :]
    if r() < strength * 0.35:  # leetspeak on some letters
        out = "".join(_LEET.get(c, c) if c in _LEET and r() < 0.5 else c for c in out)
    if r() < strength * 0.15 and len(out) < 24:  # s p a c e d   o u t
        out = " ".join(out)
    if r() < strength * 0.3:  # stretched vowel
        for v in "aeiou":
            j = out.find(v)
            if j >= 0:
                out = out[:j] + v * rng.randint(2, 4) + out[j + 1 :]
                break
    c = r()
    if c < strength * 0.3:
        out = out.lower()
    elif c < strength * 0.4:
        out = out.upper()
    if r() < 0.4:
        out = out + rng.choice(_EMOJI_TAIL)
    return out

THANKS: dict[str, list[str]] = {
    "en": ["thank you ❤️", "thanks so much!!", "🥰🥰", "love you all", "she loved it!", "haha thanks"],
    "nl": ["dankjewel ❤️", "dank jullie wel!!"],
    "de": ["danke ❤️", "vielen Dank!!"],
    "fr": ["merci ❤️", "merci beaucoup !!"],
    "es": ["gracias ❤️", "¡muchas gracias!"],
    "pt": ["obrigada ❤️", "muito obrigado!!"],
    "it": ["grazie ❤️", "grazie mille!!"],
}

RING_CHATTER: dict[str, list[str]] = {
    "en": ["😍😍", "👀👀", "🍒", "agree 😏", "this one 🔥", "yesss", "🥵", "fav account", "💕💕💕", "same here 😏"],
    "nl": ["eens 😏", "deze 🔥"], "de": ["genau 😏", "die hier 🔥"], "fr": ["grave 😏", "celle-là 🔥"],
    "es": ["de acuerdo 😏", "esta 🔥"], "pt": ["concordo 😏", "essa 🔥"], "it": ["d'accordo 😏", "questa 🔥"],
}
