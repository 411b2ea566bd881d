"""Phrase pools for the generator, per language (en, de, fr, es, nl, it, pt).

Harmful remarks are short and non-graphic, of the kind quoted in news reports about predatory comment sections
under children's photos. Nothing explicit is written here, by design.
"""

from __future__ import annotations

import random

LANGS = ("en", "de", "fr", "es", "nl", "it", "pt")
LANG_WEIGHTS = (0.30, 0.17, 0.14, 0.12, 0.08, 0.10, 0.09)

FIRST = {
    "en": ["James", "Emma", "Olivia", "Jack", "Harry", "Sophie", "Chloe", "Liam", "Amelia", "Oscar", "Grace", "Mia",
           "Noah", "Ella", "Ruby", "George", "Lucy", "Ben", "Hannah", "Tom", "Katie", "Dan", "Megan", "Josh"],
    "de": ["Lukas", "Anna", "Leon", "Lea", "Finn", "Marie", "Jonas", "Lena", "Paul", "Laura", "Felix", "Julia",
           "Max", "Sophie", "Tim", "Hannah", "Jan", "Katrin", "Stefan", "Sabine", "Nils", "Mareike", "Tobi", "Jana"],
    "fr": ["Lucas", "Léa", "Hugo", "Chloé", "Louis", "Manon", "Nathan", "Camille", "Théo", "Inès", "Jules", "Sarah",
           "Arthur", "Jade", "Maxime", "Clara", "Antoine", "Emma", "Julien", "Océane", "Romain", "Lucie", "Bastien"],
    "es": ["Hugo", "Lucía", "Martín", "Sofía", "Pablo", "María", "Daniel", "Paula", "Alejandro", "Carmen", "Javier",
           "Laura", "Diego", "Elena", "Sergio", "Marta", "Álvaro", "Irene", "Raúl", "Nerea", "Iker", "Ainhoa"],
    "nl": ["Daan", "Emma", "Sem", "Julia", "Lucas", "Tess", "Levi", "Sanne", "Bram", "Fleur", "Jesse", "Lotte",
           "Thijs", "Anouk", "Ruben", "Femke", "Niels", "Iris", "Joris", "Maartje", "Stijn", "Eva"],
    "it": ["Leonardo", "Sofia", "Francesco", "Giulia", "Alessandro", "Aurora", "Lorenzo", "Chiara", "Matteo",
           "Martina", "Andrea", "Giorgia", "Marco", "Sara", "Luca", "Francesca", "Davide", "Elisa", "Simone"],
    "pt": ["João", "Maria", "Rodrigo", "Beatriz", "Tiago", "Inês", "Pedro", "Mariana", "Gonçalo", "Ana", "Diogo",
           "Carolina", "Miguel", "Leonor", "Rafael", "Matilde", "Bruno", "Catarina", "Lucas", "Larissa"],
}

LAST = {
    "en": ["Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Walker", "Wright", "Hughes", "Green", "Hall"],
    "de": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Koch"],
    "fr": ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau"],
    "es": ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez"],
    "nl": ["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "Mulder"],
    "it": ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco"],
    "pt": ["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa"],
}

HANDLE_WORDS = ["coffee", "travel", "foodie", "pixel", "sunny", "music", "bike", "runner", "vinyl", "beach", "gamer",
                "cats", "dogmom", "hiker", "bakes", "lens", "daily", "vibes", "life", "world", "official", "xx",
                "real", "the", "its", "mr", "miss", "chef", "surf", "goal", "ultras", "jazz", "metal", "pizza"]

# --- captions ---------------------------------------------------------------------------------------------------
CAPTIONS: dict[str, dict[str, list[str]]] = {
    "food": {
        "en": ["sunday brunch 🥞", "homemade lasagna, finally nailed it", "best ramen in town 🍜",
               "meal prep done ✅",
               "tried a new recipe tonight", "pancakes for dinner, no regrets", "cheat day 🍔🍟", "taco tuesday 🌮"],
        "de": ["Sonntagsfrühstück ☕🥐", "selbstgemachte Käsespätzle", "bester Döner der Stadt",
               "Kuchen ist fertig 🍰",
               "heute mal vegan probiert", "Grillabend mit Freunden 🔥"],
        "fr": ["brunch du dimanche 🥐", "crêpes maison !", "le meilleur burger de Lyon", "petit apéro entre amis 🍷",
               "ratatouille de mamie", "enfin réussi mon pain au levain"],
        "es": ["domingo de paella 🥘", "tortilla de patatas casera", "tapas con los amigos 🍻",
               "churros con chocolate ☕",
               "probando recetas nuevas", "el mejor brunch de Madrid"],
        "nl": ["zondagse pannenkoeken 🥞", "stamppot seizoen is begonnen", "vers van de markt",
               "borrelplank met vrienden",
               "eindelijk zelf brood gebakken"],
        "it": ["pranzo della domenica 🍝", "carbonara come si deve", "pizza fatta in casa 🍕",
               "aperitivo con gli amici 🍹",
               "tiramisù della nonna", "cena leggera stasera"],
        "pt": ["almoço de domingo 🍽️", "pastel de nata fresquinho", "francesinha no Porto 🤤",
               "bacalhau à brás caseiro",
               "brunch com as amigas", "açaí depois do treino"],
    },
    "landscape": {
        "en": ["views like this 🌄", "golden hour never disappoints", "weekend hike ⛰️", "can't believe this is real",
               "lake district vibes", "sunset from the balcony", "back to the mountains"],
        "de": ["Wochenende in den Bergen ⛰️", "Sonnenuntergang am See", "Wanderung auf die Zugspitze",
               "Herbst ist da 🍂",
               "Ostsee im Winter"],
        "fr": ["coucher de soleil en Bretagne 🌅", "randonnée dans les Alpes", "les calanques 😍",
               "vue de ouf ce matin",
               "week-end en Provence"],
        "es": ["atardecer en Cádiz 🌅", "ruta por los Picos de Europa", "Mallorca 💙", "qué vistas!",
               "finde en la sierra"],
        "nl": ["uitwaaien aan het strand", "de hei staat in bloei 💜", "zonsondergang boven de polder",
               "weekendje Ardennen"],
        "it": ["tramonto sul lago di Como 🌅", "Dolomiti ❤️", "gita in Toscana", "che panorama", "mare d'inverno"],
        "pt": ["pôr do sol em Lisboa 🌅", "Sintra é outro mundo", "trilho no Gerês", "praia vazia, paz total",
               "Açores 💚"],
    },
    "pet": {
        "en": ["meet Biscuit 🐶", "he thinks he's a lap dog", "caught stealing socks again", "cat tax 🐱",
               "zoomies o'clock"],
        "de": ["Das ist Bello 🐶", "Katze beim Mittagsschlaf", "unser neues Familienmitglied", "Hundeblick 🥺"],
        "fr": ["voici Caramel 🐱", "mon chien déteste la pluie", "sieste intense", "le nouveau membre de la famille"],
        "es": ["os presento a Lola 🐶", "mi gato juzgándome", "siesta perruna", "el rey de la casa 🐱"],
        "nl": ["dit is Bommel 🐶", "poes heeft het zwaar vandaag", "wandelen met de hond", "nieuwe huisgenoot"],
        "it": ["vi presento Briciola 🐶", "il gatto di casa", "pisolino sul divano", "occhioni dolci 🥺"],
        "pt": ["apresento o Tobias 🐶", "a gata dona da casa", "soneca da tarde", "olha esta carinha 🥺"],
    },
    "selfie": {
        "en": ["new haircut, who dis", "feeling cute, might delete later", "gym done 💪", "sunday mood", "just me 🙂",
               "birthday vibes 🎂", "finally some sun"],
        "de": ["neue Frisur 💇", "Sonntagslaune", "nach dem Training", "Geburtstagskind 🎂", "einfach ich"],
        "fr": ["nouvelle coupe 💇", "humeur du jour", "après la salle", "journée tranquille", "moi, tout simplement"],
        "es": ["corte nuevo 💇", "modo domingo", "post entreno 💪", "cumple feliz 🎂", "aquí andamos"],
        "nl": ["nieuw kapsel", "zondagmood", "na de sportschool", "gewoon ik", "jarig 🎂"],
        "it": ["nuovo taglio 💇", "mood della domenica", "dopo palestra 💪", "compleanno 🎂", "io e basta"],
        "pt": ["cabelo novo 💇", "mood de domingo", "pós treino 💪", "aniversário 🎂", "só eu mesmo"],
    },
    "group": {
        "en": ["squad 💛", "reunion after 10 years!", "team night out", "wedding season 🥂", "best crew"],
        "de": ["Klassentreffen nach 10 Jahren", "Mädelsabend 🥂", "das Team 💪", "Hochzeit von Tom & Lisa"],
        "fr": ["soirée entre potes", "mariage de Julie 🥂", "l'équipe au complet", "retrouvailles !"],
        "es": ["con mi gente 💛", "boda de Ana y Luis 🥂", "cena de empresa", "reencuentro"],
        "nl": ["met de vriendengroep", "bruiloft van Sanne 🥂", "teamuitje", "reünie"],
        "it": ["con i miei amici", "matrimonio di Giulia 🥂", "cena di squadra", "rimpatriata"],
        "pt": ["com a minha gente 💛", "casamento da Inês 🥂", "jantar de equipa", "reencontro"],
    },
    "family": {
        "en": ["first day of school! 🎒", "sunday at the park with my little one ☀️", "birthday girl turns 5 🎂",
               "beach day with the kids", "he lost his first tooth!", "proud mama 💕", "the boys being boys 😂",
               "bedtime stories with grandpa", "carnival costume 🦁", "garden fun with my two"],
        "de": ["erster Schultag! 🎒", "Sonntag im Park mit der Kleinen ☀️", "unsere Maus wird 4 🎂",
               "Ausflug zum Zoo",
               "stolzer Papa", "Laternenumzug 🏮", "Oma und Enkel"],
        "fr": ["rentrée des classes ! 🎒", "dimanche au parc avec ma puce ☀️", "joyeux anniversaire mon grand 🎂",
               "journée à la plage en famille", "fière maman 💕", "carnaval à l'école"],
        "es": ["¡primer día de cole! 🎒", "domingo en el parque con mi peque ☀️", "mi niña cumple 6 🎂",
               "día de playa en familia", "orgullosa de mi campeón", "disfraz de carnaval"],
        "nl": ["eerste schooldag! 🎒", "zondag in het park met de kleine ☀️", "onze meid wordt 5 🎂", "dagje strand",
               "trotse papa", "Sinterklaas is weer in het land"],
        "it": ["primo giorno di scuola! 🎒", "domenica al parco con la piccola ☀️", "buon compleanno amore mio 🎂",
               "giornata al mare in famiglia", "mamma orgogliosa 💕", "carnevale 🎭"],
        "pt": ["primeiro dia de escola! 🎒", "domingo no parque com a pequena ☀️", "o meu menino faz 5 anos 🎂",
               "dia de praia em família", "mãe babada 💕", "santos populares com os miúdos"],
    },
    "ai_child": {
        "en": ["my little model ✨", "daily dose of cuteness 🎀 new set tomorrow", "who wants part 2? 👀",
               "summer dress collection 🌸", "sweet and innocent 💕", "she's back 😇 more in bio", "morning light 🌷",
               "new character, say hi", "pool day set ☀️", "rate her 1-10 👇"],
        "de": ["mein kleines Model ✨", "Sommerkleid-Serie 🌸", "wer will Teil 2? 👀", "süß und unschuldig 💕",
               "mehr im Link in Bio"],
        "fr": ["mon petit modèle ✨", "nouvelle série demain 🎀", "qui veut la suite ? 👀", "douce et innocente 💕",
               "plus dans la bio"],
        "es": ["mi pequeña modelo ✨", "nueva sesión mañana 🎀", "¿quién quiere parte 2? 👀", "dulce e inocente 💕",
               "más en el link de la bio"],
        "nl": ["mijn kleine model ✨", "nieuwe set morgen 🎀", "wie wil deel 2? 👀", "meer via link in bio"],
        "it": ["la mia piccola modella ✨", "nuovo set domani 🎀", "chi vuole la parte 2? 👀",
               "dolce e innocente 💕"],
        "pt": ["minha pequena modelo ✨", "ensaio novo amanhã 🎀", "quem quer parte 2? 👀", "doce e inocente 💕"],
    },
    "ai_adult": {
        "en": ["cyberpunk portrait series #3", "she walks in neon", "oil painting style study", "fantasy queen 👑",
               "portrait experiment, what do you think?", "retro 80s look"],
        "de": ["Porträt-Studie im Ölgemälde-Stil", "Cyberpunk-Serie", "Fantasy-Königin 👑"],
        "fr": ["série portraits cyberpunk", "étude style peinture à l'huile", "reine fantasy 👑"],
        "es": ["serie de retratos cyberpunk", "estilo óleo", "reina de fantasía 👑"],
        "nl": ["cyberpunk portretserie", "olieverf-stijl studie"],
        "it": ["ritratti cyberpunk", "studio stile pittura a olio", "regina fantasy 👑"],
        "pt": ["série de retratos cyberpunk", "estudo estilo pintura a óleo"],
    },
    "ai_landscape": {
        "en": ["dreamscape #12", "floating islands at dusk", "what if Venice was on Mars", "a city that never was"],
        "de": ["Traumlandschaft #7", "schwebende Inseln"],
        "fr": ["paysage de rêve #4", "îles flottantes au crépuscule"],
        "es": ["paisaje soñado #9", "islas flotantes"],
        "nl": ["droomlandschap #3"],
        "it": ["paesaggio onirico #5"],
        "pt": ["paisagem de sonho #8"],
    },
    "psa": {
        "en": ["PSA: accounts posting 'AI kids' with 'link in bio' are not cute, they are grooming an audience. "
               "Report, don't engage.", "Parents: check who comments on your kids' photos. Lock your account.",
               "If you see comments like 'perfect age' under a child's photo, report them. Every time."],
        "de": ["Eltern: schaut, wer unter den Fotos eurer Kinder kommentiert. Konto privat stellen!",
               "Wer 'perfektes Alter' unter Kinderfotos schreibt, gehört gemeldet. Immer."],
        "fr": ["Parents : regardez qui commente les photos de vos enfants. Passez en privé.",
               "Les comptes 'IA enfants' avec 'lien en bio' : signalez, ne répondez pas."],
        "es": ["Padres: mirad quién comenta las fotos de vuestros hijos. Cuenta privada, por favor.",
               "Si veis comentarios tipo 'edad perfecta' bajo fotos de niños, denunciad."],
        "nl": ["Ouders: kijk wie er reageert op de foto's van je kinderen. Zet je account op privé."],
        "it": ["Genitori: guardate chi commenta le foto dei vostri figli. Profilo privato!"],
        "pt": ["Pais: vejam quem comenta as fotos dos vossos filhos. Conta privada, por favor."],
    },
    "product": {
        "en": ["new autumn collection for little ones 🍂", "handmade with love 🧵", "giveaway time! 🎁 tag a friend"],
        "de": ["neue Herbstkollektion für die Kleinen 🍂", "handgemacht mit Liebe 🧵", "Gewinnspiel! 🎁"],
        "fr": ["nouvelle collection automne pour les petits 🍂", "fait main avec amour 🧵", "concours ! 🎁"],
        "es": ["nueva colección de otoño para peques 🍂", "hecho a mano con cariño 🧵", "¡sorteo! 🎁"],
        "nl": ["nieuwe herfstcollectie voor de kleintjes 🍂", "handgemaakt met liefde 🧵"],
        "it": ["nuova collezione autunno per i piccoli 🍂", "fatto a mano con amore 🧵"],
        "pt": ["nova coleção de outono para os pequenos 🍂", "feito à mão com carinho 🧵"],
    },
}

HASHTAGS = {
    "food": ["food", "foodie", "homemade", "yummy", "instafood", "brunch", "recipe", "essen", "cuisine", "comida"],
    "landscape": ["nature", "travel", "sunset", "hiking", "mountains", "wanderlust", "naturephotography", "beach"],
    "pet": ["dogsofinstagram", "catsofinstagram", "pets", "puppy", "cute", "doglife", "catlife"],
    "selfie": ["selfie", "me", "mood", "ootd", "happy", "weekend", "style"],
    "group": ["friends", "squad", "goodtimes", "wedding", "family", "memories"],
    "family": ["family", "kids", "momlife", "dadlife", "familytime", "proudmom", "childhood", "memories", "toddler",
               "firstdayofschool", "birthday"],
    "ai_child": ["cutegirl", "littlemodel", "kidsfashion", "tinymodel", "cutie", "sweetgirl", "summerdress",
                 "innocent", "babygirl", "kidsmodel", "newset", "dailycute"],
    "ai_adult": ["aiart", "digitalart", "portrait", "cyberpunk", "fantasyart", "stablediffusion", "midjourney",
                 "aiartcommunity", "generativeart"],
    "ai_landscape": ["aiart", "dreamscape", "generativeart", "fantasylandscape", "digitalart", "midjourney"],
    "psa": ["protectkids", "sharewithcare", "onlinesafety", "reportdontengage", "parentsbeware"],
    "product": ["kidsfashion", "handmade", "smallbusiness", "shoplocal", "kidsclothes", "giveaway"],
}
AI_HASHTAGS = ["aigenerated", "aiart", "madewithai", "stablediffusion", "aiartwork", "midjourney"]
AI_CAPTION_SUFFIX = ["(AI generated)", "✨ AI art", "made with AI 🤖", "#notreal AI", "AI generated image"]

SOUNDS = ["original sound", "Espresso - Sabrina Carpenter", "APT. - ROSÉ & Bruno Mars", "Flowers - Miley Cyrus",
          "Tattoo - Loreen", "Dernière danse - Indila", "Despechá - ROSALÍA", "Tú me dejaste de querer - C. Tangana",
          "Calm Down - Rema", "Lofi beats", "Cupid - FIFTY FIFTY", "Wiegenlied - Brahms", "Baby Shark"]

# --- ordinary comments ------------------------------------------------------------------------------------------
COMMENTS: dict[str, dict[str, list[str]]] = {
    "generic": {
        "en": ["love this", "so good", "amazing 😍", "😂😂", "wow", "nice one", "this is everything", "omg yes",
               "haha classic", "miss you!", "when are we meeting up?", "😍😍😍", "vibes", "we need to do this again",
               "who took this?", "lol same", "🔥🔥", "ok this is cute", "👏👏", "beautiful", "you're so lucky",
               "invite me next time 😤", "hahaha what", "looks fun", "true", "no way 😂"],
        "de": ["mega", "wie schön 😍", "😂😂", "geil!", "Hammer", "wann sehen wir uns?", "vermisse dich!",
               "so toll", "haha typisch", "beim nächsten Mal bin ich dabei", "nice", "sieht super aus",
               "ich will auch 😭", "krass", "voll schön", "👏👏", "Traum"],
        "fr": ["trop bien", "magnifique 😍", "😂😂", "grave", "j'adore", "tu me manques !", "on se voit quand ?",
               "trop stylé", "mdr", "la prochaine fois je viens", "canon", "c'est ouf", "trop mignon", "👏👏",
               "génial", "jalouse 😭"],
        "es": ["me encanta", "qué bonito 😍", "😂😂", "brutal", "te echo de menos!", "cuándo quedamos?", "qué guay",
               "jajaja", "la próxima voy yo", "top", "precioso", "qué envidia 😭", "👏👏", "increíble", "ole"],
        "nl": ["mooi!", "gaaf 😍", "😂😂", "wat leuk", "mis je!", "wanneer spreken we af?", "top", "haha typisch",
               "prachtig", "jaloers 😭", "👏👏", "vet", "echt genieten"],
        "it": ["bellissimo", "che bello 😍", "😂😂", "top", "mi manchi!", "quando ci vediamo?", "fantastico",
               "ahahah",
               "la prossima volta vengo anch'io", "stupendo", "che invidia 😭", "👏👏", "grande"],
        "pt": ["adoro", "que lindo 😍", "😂😂", "top", "tenho saudades!", "quando nos vemos?", "incrível", "kkkkk",
               "da próxima vou eu", "maravilhoso", "que inveja 😭", "👏👏", "arrasou"],
    },
    "food": {
        "en": ["looks delicious", "recipe please!!", "where is this place?", "save me some 😋", "im starving now",
               "that looks unreal", "is that homemade??"],
        "de": ["sieht lecker aus", "Rezept bitte!", "wo ist das?", "ich hab Hunger 😋", "will ich auch"],
        "fr": ["ça a l'air trop bon", "la recette stp !", "c'est où ?", "j'ai faim maintenant 😋"],
        "es": ["qué pinta!", "receta porfa!", "dónde es eso?", "me muero de hambre 😋"],
        "nl": ["ziet er heerlijk uit", "recept please!", "waar is dit?", "ik krijg honger 😋"],
        "it": ["che fame 😋", "ricetta per favore!", "dov'è questo posto?", "sembra buonissimo"],
        "pt": ["que delícia", "receita por favor!", "onde é isso?", "fiquei com fome 😋"],
    },
    "landscape": {
        "en": ["where is this?", "stunning view", "adding this to my list", "take me there", "what camera?"],
        "de": ["wo ist das?", "traumhaft", "da will ich hin", "welche Kamera?"],
        "fr": ["c'est où ?", "sublime", "je veux y aller", "quel appareil ?"],
        "es": ["dónde es?", "qué pasada", "quiero ir!", "qué cámara usas?"],
        "nl": ["waar is dit?", "prachtig uitzicht", "daar wil ik heen"],
        "it": ["dove si trova?", "spettacolo", "voglio andarci"],
        "pt": ["onde é isto?", "que vista", "quero ir!"],
    },
    "pet": {
        "en": ["what a good boy 🐶", "i need to pet him", "that face 🥺", "protect him at all costs", "babyyyy"],
        "de": ["so ein Süßer 🐶", "knuddeln!", "dieser Blick 🥺"],
        "fr": ["trop chou 🐶", "ce regard 🥺", "je veux le câliner"],
        "es": ["qué cosita 🐶", "esa carita 🥺", "lo quiero achuchar"],
        "nl": ["wat een schatje 🐶", "dat koppie 🥺"],
        "it": ["che tenero 🐶", "quegli occhi 🥺"],
        "pt": ["que fofo 🐶", "essa carinha 🥺"],
    },
    "selfie": {
        "en": ["looking good!", "the hair 😍", "glowing ✨", "queen", "love the jacket", "new pfp?"],
        "de": ["siehst gut aus!", "die Haare 😍", "strahlst ✨", "coole Jacke"],
        "fr": ["trop belle !", "les cheveux 😍", "rayonnante ✨", "j'adore la veste"],
        "es": ["guapísima!", "ese pelo 😍", "radiante ✨", "me encanta la chaqueta"],
        "nl": ["zie je er goed uit!", "dat haar 😍", "stralend ✨"],
        "it": ["bellissima!", "i capelli 😍", "splendida ✨"],
        "pt": ["linda!", "o cabelo 😍", "radiante ✨"],
    },
    "group": {
        "en": ["miss you guys", "best night ever", "tag me pls", "we look so good"],
        "de": ["vermisse euch", "bester Abend", "markier mich!"],
        "fr": ["vous me manquez", "meilleure soirée", "identifie-moi !"],
        "es": ["os echo de menos", "mejor noche", "etiquétame!"],
        "nl": ["mis jullie", "beste avond ooit"],
        "it": ["mi mancate", "serata top"],
        "pt": ["saudades de vocês", "melhor noite"],
    },
    "family_friend": {
        "en": ["so cute! 😍", "what a sweetheart", "she's so big already!", "adorable ❤️", "look at that smile",
               "happy birthday little one 🎂", "good luck at school!", "beautiful family", "he looks just like you"],
        "de": ["so süß! 😍", "ist die groß geworden!", "zuckersüß ❤️", "dieses Lächeln",
               "alles Gute zum Geburtstag 🎂",
               "viel Spaß in der Schule!", "ganz der Papa"],
        "fr": ["trop mignonne ! 😍", "qu'elle a grandi !", "adorable ❤️", "ce sourire", "joyeux anniversaire 🎂",
               "bonne rentrée !", "c'est ton portrait craché"],
        "es": ["qué monada! 😍", "qué mayor está!", "preciosa ❤️", "esa sonrisa", "feliz cumple peque 🎂",
               "mucha suerte en el cole!", "es igualito a ti"],
        "nl": ["wat schattig! 😍", "wat is ze groot geworden!", "lief ❤️", "die lach", "gefeliciteerd kanjer 🎂",
               "succes op school!"],
        "it": ["che tenerezza! 😍", "com'è cresciuta!", "bellissima ❤️", "che sorriso", "auguri piccolina 🎂",
               "in bocca al lupo per la scuola!"],
        "pt": ["que fofura! 😍", "está tão crescida!", "linda ❤️", "que sorriso", "parabéns pequenina 🎂",
               "boa sorte na escola!"],
    },
    "relative": {
        "en": ["so cute! ❤️", "growing up so fast 🥹", "my little princess ❤️", "grandma loves you 💕",
               "can't wait to see you sunday", "my handsome boy", "give him a hug from auntie",
"proud of you sweetie"],
        "de": ["so süß ❤️", "wird so schnell groß 🥹", "meine kleine Prinzessin ❤️", "Oma hat dich lieb 💕",
               "bis Sonntag ihr Lieben", "Tante Sabine drückt dich"],
        "fr": ["trop mignon ❤️", "il grandit trop vite 🥹", "ma petite princesse ❤️", "mamie t'aime 💕",
               "gros bisous de tata", "à dimanche mes chéris"],
        "es": ["qué ricura ❤️", "crece tan rápido 🥹", "mi princesita ❤️", "la abuela te quiere 💕",
               "besitos de la tía", "mi niño guapo"],
        "nl": ["zo lief ❤️", "wordt zo snel groot 🥹", "mijn kleine prinses ❤️", "oma houdt van je 💕",
               "dikke knuffel van tante"],
        "it": ["che amore ❤️", "cresce troppo in fretta 🥹", "la mia principessa ❤️", "la nonna ti vuole bene 💕",
               "bacioni dalla zia"],
        "pt": ["que amor ❤️", "está a crescer tão rápido 🥹", "minha princesa ❤️", "a avó adora-te 💕",
               "beijinhos da tia"],
    },
    "odd_benign": {
        "en": ["look at those chubby cheeks 😂", "she's going to be a heartbreaker 😅",
               "those little legs running 😂",
               "what a little model!", "more pics from the party pls! 🎉", "send me the full album",
               "that belly laugh 😂", "can't wait to see more of her dance show", "little diva in the making 💃",
               "he's got his dad's legs haha"],
        "de": ["diese Pausbacken 😂", "die wird mal Herzen brechen 😅", "kleines Model!",
               "mehr Bilder vom Fest bitte! 🎉",
               "schick mir das ganze Album"],
        "fr": ["ces bonnes joues 😂", "elle va faire des ravages 😅", "un vrai petit mannequin !",
               "plus de photos de la fête svp ! 🎉", "envoie-moi tout l'album"],
        "es": ["esos mofletes 😂", "va a romper corazones 😅", "toda una modelo!", "más fotos de la fiesta porfa! 🎉",
               "mándame el álbum entero"],
        "nl": ["die bolle wangetjes 😂", "dat wordt een hartenbreker 😅", "meer foto's van het feest! 🎉"],
        "it": ["che guanciotte 😂", "spezzerà cuori 😅", "una piccola modella!", "altre foto della festa! 🎉"],
        "pt": ["essas bochechas 😂", "vai partir corações 😅", "uma modelo!", "mais fotos da festa por favor! 🎉"],
    },
    "flirty_adult": {
        "en": ["you're gorgeous 😍", "hot 🔥🔥", "marry me? 😂", "can i get your number 😏", "dm me 😉",
               "stunning as always", "date when?", "ok wow 😳"],
        "de": ["bist du hübsch 😍", "heiß 🔥", "heirate mich 😂", "schreib mir mal 😉"],
        "fr": ["t'es canon 😍", "bombe 🔥", "épouse-moi 😂", "écris-moi 😉"],
        "es": ["guapísima 😍", "qué fuego 🔥", "cásate conmigo 😂", "escríbeme 😉"],
        "nl": ["knap hoor 😍", "heet 🔥", "stuur me een berichtje 😉"],
        "it": ["sei stupenda 😍", "che fuoco 🔥", "sposami 😂", "scrivimi 😉"],
        "pt": ["que gata 😍", "que fogo 🔥", "casa comigo 😂", "me chama 😉"],
    },
    "ai_compliment": {
        "en": ["this is incredible", "the lighting 🤯", "looks like a real painting", "insane detail"],
        "de": ["unglaublich", "das Licht 🤯"],
        "fr": ["incroyable", "la lumière 🤯"],
        "es": ["increíble", "esa luz 🤯"],
        "nl": ["ongelofelijk"],
        "it": ["incredibile"],
        "pt": ["incrível"],
    },
    "ai_child_naive": {
        "en": ["so cute 😍", "adorable", "is this AI? looks so real", "sweet"],
        "de": ["süß 😍", "ist das KI?"],
        "fr": ["trop mignonne", "c'est de l'IA ?"],
        "es": ["qué mona", "esto es IA?"],
        "nl": ["schattig", "is dit AI?"],
        "it": ["che carina", "è IA?"],
        "pt": ["que fofa", "isso é IA?"],
    },
    "brand": {
        "en": ["Love this! 😍 dm us for a collab 💌", "We'd love to send your little one something from our new kids "
               "collection, check your DMs! 📩", "collab? check your inbox 💛", "so cute! we're a small kids' brand, "
               "would love to work with you, DM us"],
        "de": ["Wie süß! 😍 Schreib uns für eine Kooperation 💌",
               "Wir würden euch gern etwas aus unserer Kinderkollektion "
               "schicken, schau in deine DMs! 📩"],
        "fr": ["Trop mignon ! 😍 écris-nous pour une collab 💌", "On aimerait vous envoyer notre nouvelle collection "
               "enfant, regarde tes messages ! 📩"],
        "es": ["¡Qué bonito! 😍 escríbenos para una colaboración 💌", "Nos encantaría enviaros algo de nuestra "
               "colección infantil, ¡mira tus mensajes! 📩"],
        "nl": ["Zo leuk! 😍 stuur ons een dm voor een samenwerking 💌"],
        "it": ["Che bello! 😍 scrivici per una collab 💌"],
        "pt": ["Que lindo! 😍 manda-nos mensagem para uma parceria 💌"],
    },
    "thanks": {
        "en": ["thank you!! ❤️", "haha thanks", "😂😂", "yes!! soon", "thanks lovely", "🙏", "right?!"],
        "de": ["danke dir! ❤️", "haha danke", "😂", "ja bald!", "🙏"],
        "fr": ["merci !! ❤️", "haha merci", "😂", "oui bientôt !", "🙏"],
        "es": ["gracias!! ❤️", "jaja gracias", "😂", "sí, pronto!", "🙏"],
        "nl": ["dankjewel! ❤️", "haha dank je", "😂", "🙏"],
        "it": ["grazie!! ❤️", "ahah grazie", "😂", "🙏"],
        "pt": ["obrigada!! ❤️", "haha obrigado", "😂", "🙏"],
    },
    "gen_benign": {  # ai_art_fan under adult AI art or landscapes: same wording as a generation request
        "en": ["which model is this?", "prompt please 🙏", "what settings did you use?", "which app made this?",
               "sdxl or midjourney?", "drop the prompt pls", "what lora is this?"],
        "de": ["welches Modell ist das?", "Prompt bitte 🙏", "welche Einstellungen?"],
        "fr": ["c'est quel modèle ?", "le prompt stp 🙏", "quels réglages ?"],
        "es": ["qué modelo es?", "pasa el prompt 🙏", "qué ajustes usaste?"],
        "nl": ["welk model is dit?", "prompt aub 🙏"],
        "it": ["che modello è?", "il prompt per favore 🙏"],
        "pt": ["qual modelo é este?", "passa o prompt 🙏"],
    },
}

# --- harmful remarks (short, non-graphic) -----------------------------------------------------------------------
SEXUALISING: dict[str, list[str]] = {
    "en": ["perfect age 😍", "more pics of her?", "🍑🍑", "so hot for her age 🔥", "she's ready 😏", "those legs 😍",
           "🤤🤤🤤", "yummy 😋", "sweet little thing 😏", "need more of this one", "wish i was her babysitter 😏",
           "🌽🌽", "mmm 😋🍒", "cute feet 👣🤤", "best age tbh", "full set when?", "🧀🍕 vibes",
"lil one looks tasty",
           "she knows what she's doing 😏", "wish she was mine 😍"],
    "de": ["perfektes Alter 😍", "mehr Bilder von ihr?", "so heiß für ihr Alter 🔥", "süße kleine Maus 😏🤤",
           "die Beine 😍", "lecker 😋", "will mehr von ihr sehen", "bestes Alter", "🍑🍑 mehr davon"],
    "fr": ["l'âge parfait 😍", "plus de photos d'elle ?", "trop chaude pour son âge 🔥", "miam 😋", "ses jambes 😍",
           "j'en veux plus 😏", "petite coquine 😏", "le meilleur âge"],
    "es": ["edad perfecta 😍", "más fotos de ella?", "qué rica 😋", "tan sexy para su edad 🔥", "esas piernitas 😍",
           "quiero más de ella 🤤", "la mejor edad", "🍑🍑 qué rica"],
    "nl": ["perfecte leeftijd 😍", "meer foto's van haar?", "lekker ding 😏", "zo heet voor haar leeftijd 🔥",
           "die beentjes 😍🤤", "wil meer van haar zien"],
    "it": ["età perfetta 😍", "altre foto di lei?", "che bona 😋", "così sexy per la sua età 🔥",
           "quelle gambette 😍🤤", "ne voglio di più 😏"],
    "pt": ["idade perfeita 😍", "mais fotos dela?", "que gostosinha 😋", "tão sexy pra idade dela 🔥",
           "essas perninhas 😍🤤", "quero mais dela 😏"],
}

CONTACT_MOVE: dict[str, list[str]] = {
    "en": ["dm me", "check your inbox 📩", "add me on snap: {h}", "tg @{h}", "message me privately, i have more",
           "let's talk in private 😉", "text me on telegram {h}", "sent you a message, check requests",
           "hit me up on kik {h}", "wanna trade? dm"],
    "de": ["schreib mir privat", "schau in deine DMs 📩", "add mich auf snap: {h}", "tg @{h}",
           "melde dich per PN 😉"],
    "fr": ["écris-moi en privé", "regarde tes messages 📩", "ajoute moi sur snap : {h}", "tg @{h}", "viens en mp 😉"],
    "es": ["escríbeme al privado", "revisa tu bandeja 📩", "agrégame a snap: {h}", "tg @{h}", "hablamos por dm 😉"],
    "nl": ["stuur me een dm", "check je inbox 📩", "voeg me toe op snap: {h}", "tg @{h}", "app me even 😉"],
    "it": ["scrivimi in privato", "controlla i messaggi 📩", "aggiungimi su snap: {h}", "tg @{h}",
           "ci sentiamo in dm 😉"],
    "pt": ["me chama no privado", "olha teu direct 📩", "me add no snap: {h}", "tg @{h}", "chama no pv 😉"],
}

GENERATION_REQUEST: dict[str, list[str]] = {
    "en": ["which app made this?", "what model is this?", "prompt pls 🙏", "settings?", "what lora did you use?",
           "which checkpoint? drop the prompt", "how do you make these?", "app name??",
"is there a tutorial for this?",
           "can you make one of my niece's pic? what app"],
    "de": ["welche App ist das?", "Prompt bitte 🙏", "welches Modell?", "Einstellungen?", "wie machst du die?"],
    "fr": ["c'est quelle appli ?", "le prompt stp 🙏", "quel modèle ?", "tu les fais comment ?", "les réglages ?"],
    "es": ["¿qué app usaste?", "pasa el prompt 🙏", "¿qué modelo es?", "¿cómo los haces?", "ajustes?"],
    "nl": ["welke app is dit?", "prompt aub 🙏", "welk model?", "hoe maak je deze?"],
    "it": ["che app hai usato?", "prompt per favore 🙏", "quale modello?", "come li fai?"],
    "pt": ["qual app fez isso?", "passa o prompt 🙏", "qual modelo?", "como você faz esses?"],
}

DEDICATED_REPLY: dict[str, list[str]] = {
    "en": ["check dm 😉", "more on my other channel 👉 bio", "sent 📩", "sent you the link, check requests"],
    "de": ["schau in die DMs 😉", "mehr auf meinem anderen Kanal 👉 Bio"],
    "fr": ["regarde tes mp 😉", "la suite sur mon autre compte 👉 bio"],
    "es": ["mira tu dm 😉", "más en mi otro canal 👉 bio"],
    "nl": ["check je dm 😉", "meer op mijn andere kanaal 👉 bio"],
    "it": ["guarda i dm 😉", "altro sul mio altro canale 👉 bio"],
    "pt": ["vê o direct 😉", "mais no meu outro canal 👉 bio"],
}

# --- counter speech --------------------------------------------------------------------------------------------
PARENT_ANGRY: dict[str, list[str]] = {
    "en": ["'{q}'?? what is wrong with you, reported", "\"{q}\" under a photo of my CHILD. blocked and reported.",
           "excuse me? '{q}'. she is 6. reported."],
    "de": ["„{q}“?? Was stimmt mit dir nicht? Gemeldet.",
           "'{q}' unter dem Foto meines KINDES. Blockiert und gemeldet."],
    "fr": ["« {q} » ?? t'es malade, signalé.", "'{q}' sous la photo de MON enfant. Bloqué et signalé."],
    "es": ["\"{q}\"?? qué te pasa, denunciado.", "'{q}' en la foto de MI HIJA. Bloqueado y denunciado."],
    "nl": ["'{q}'?? wat is er mis met jou, gerapporteerd.", "\"{q}\" onder een foto van MIJN kind. Geblokkeerd."],
    "it": ["'{q}'?? ma che problemi hai, segnalato.", "\"{q}\" sotto la foto di MIA figlia. Bloccato e segnalato."],
    "pt": ["'{q}'?? qual é o teu problema, denunciado.", "\"{q}\" na foto da MINHA filha. Bloqueado e denunciado."],
}

COUNTER_QUOTE: dict[str, list[str]] = {
    "en": ["\"{q}\" — this is a child. Reported, everyone please do the same.", "'{q}'?? disgusting. reported",
           "people writing '{q}' under kids' photos should be banned. reported."],
    "de": ["„{q}“ – das ist ein Kind. Gemeldet, bitte alle melden.", "'{q}'?? widerlich. gemeldet"],
    "fr": ["« {q} » — c'est une enfant. Signalé, faites pareil svp.", "'{q}' ?? dégoûtant. signalé"],
    "es": ["\"{q}\" — es una niña. Denunciado, haced lo mismo.", "'{q}'?? asqueroso. denunciado"],
    "nl": ["\"{q}\" — dit is een kind. Gemeld, doe allemaal hetzelfde.", "'{q}'?? walgelijk. gemeld"],
    "it": ["\"{q}\" — è una bambina. Segnalato, fatelo tutti.", "'{q}'?? che schifo. segnalato"],
    "pt": ["\"{q}\" — é uma criança. Denunciado, façam o mesmo.", "'{q}'?? nojento. denunciado"],
}

COUNTER_WARN: dict[str, list[str]] = {
    "en": ["Parents, please look at who is commenting here and lock your account.",
           "This account posts AI kids for creeps. Reported. Don't engage.",
           "the comments on this are vile, reported all of them"],
    "de": ["Liebe Eltern, schaut euch an, wer hier kommentiert, und stellt euer Konto auf privat.",
           "Dieser Account postet KI-Kinder für Perverse. Gemeldet."],
    "fr": ["Parents, regardez qui commente ici et passez votre compte en privé.",
           "Ce compte poste des enfants IA pour des pervers. Signalé."],
    "es": ["Padres, mirad quién comenta aquí y poned la cuenta privada.",
           "Esta cuenta sube niños IA para pervertidos. Denunciada."],
    "nl": ["Ouders, kijk wie hier reageert en zet je account op privé.", "Dit account post AI-kinderen. Gemeld."],
    "it": ["Genitori, guardate chi commenta qui e mettete il profilo privato.",
           "Questo profilo posta bimbi IA. Segnalato."],
    "pt": ["Pais, vejam quem comenta aqui e ponham a conta privada.", "Esta conta publica crianças IA. Denunciada."],
}

# --- bios ------------------------------------------------------------------------------------------------------
BIOS: dict[str, dict[str, list[str]]] = {
    "ordinary": {
        "en": ["coffee first ☕", "just vibing", "London | football | bad jokes", "photos of things I eat",
               "dog person 🐕", "living my best life", "", "", "travel 🌍 food 🍕", "he/him", "she/her 🌸"],
        "de": ["Kaffee & Fußball", "Berlin 🐻", "Hundemama 🐕", "", "Reisen ✈️ Essen 🍝", "einfach ich"],
        "fr": ["café & voyages", "Paris 🗼", "", "amoureuse des chats 🐱", "foot, musique, potes"],
        "es": ["café y viajes", "Madrid ❤️", "", "amante de los perros 🐶", "fútbol y familia"],
        "nl": ["koffie & fietsen", "Amsterdam 🚲", "", "hondenliefhebber 🐕"],
        "it": ["caffè e viaggi", "Milano 🇮🇹", "", "amante dei gatti 🐱"],
        "pt": ["café e viagens", "Lisboa 💛", "", "amante de cães 🐶"],
    },
    "parent": {
        "en": ["mum of 2 💕", "dad | coffee | survival mode", "family first ❤️", "raising tiny humans"],
        "de": ["Mama von zwei Wirbelwinden 💕", "Papa | Kaffee | Fußball", "Familie ❤️"],
        "fr": ["maman de 2 loulous 💕", "papa poule", "la famille avant tout ❤️"],
        "es": ["mamá de dos 💕", "papá a tiempo completo", "la familia ❤️"],
        "nl": ["mama van 2 💕", "trotse papa", "gezin ❤️"],
        "it": ["mamma di due 💕", "papà orgoglioso", "la famiglia ❤️"],
        "pt": ["mãe de dois 💕", "pai babado", "família ❤️"],
    },
    "dedicated": {
        "en": ["AI art ✨ daily uploads | more on my other channel 👉 t.me/{h}", "exclusive sets 💌 link in bio",
               "custom requests open, dm 📩", "backup: @{h}_2 | tg: {h}",
"sweet characters 🎀 new every day | VIP 👇"],
        "de": ["KI-Kunst ✨ täglich | mehr auf tg: {h}", "exklusive Sets 💌 Link in Bio"],
        "fr": ["art IA ✨ | la suite sur tg : {h}", "sets exclusifs 💌 lien en bio"],
        "es": ["arte IA ✨ | más en tg: {h}", "sets exclusivos 💌 link en bio"],
        "nl": ["AI-kunst ✨ | meer op tg: {h}"],
        "it": ["arte IA ✨ | altro su tg: {h}"],
        "pt": ["arte IA ✨ | mais no tg: {h}", "ensaios exclusivos 💌 link na bio"],
    },
    "counter_speaker": {
        "en": ["child safety advocate | report, don't engage", "I call out creeps. #protectkids", "ex-moderator"],
        "de": ["Kinderschutz | melden statt teilen", "#protectkids"],
        "fr": ["protection de l'enfance | signalez", "#protectkids"],
        "es": ["protección infantil | denuncia, no comentes"],
        "nl": ["kinderbescherming | melden"],
        "it": ["tutela dei minori | segnalate"],
        "pt": ["proteção infantil | denuncia"],
    },
    "brand": {
        "en": ["Handmade kids clothing 🧵 | collabs: dm", "Kids' shoes, small family business", "Toys & more 🧸"],
        "de": ["Kinderkleidung handgemacht 🧵 | Kooperationen per DM"],
        "fr": ["Vêtements enfants faits main 🧵 | collabs en mp"],
        "es": ["Ropa infantil hecha a mano 🧵 | colaboraciones por dm"],
        "nl": ["Handgemaakte kinderkleding 🧵"],
        "it": ["Abbigliamento bimbi fatto a mano 🧵"],
        "pt": ["Roupa de criança feita à mão 🧵"],
    },
    "ai_artist": {
        "en": ["AI artist | SDXL & MJ | prints available", "digital dreams 🤖🎨", "exploring generative art"],
        "de": ["KI-Künstler | Drucke verfügbar"],
        "fr": ["artiste IA | tirages dispo"],
        "es": ["artista IA | láminas disponibles"],
        "nl": ["AI-kunstenaar"],
        "it": ["artista IA"],
        "pt": ["artista IA"],
    },
    "young": {
        "en": ["uni | 21 | chaos", "20 ✨ london", "just turned 18 🎉", "student life"],
        "de": ["Studentin | 22", "19 ✨ Hamburg"],
        "fr": ["étudiante | 21", "20 ans ✨ Lyon"],
        "es": ["universitaria | 20", "22 ✨ Sevilla"],
        "nl": ["student | 21"],
        "it": ["studentessa | 23"],
        "pt": ["universitária | 19"],
    },
}

DEDICATED_HANDLES = ["tiny.dreams.ai", "littlemuse_art", "cutie_gallery", "smol_models_ai", "sweetangels.ai",
                     "dollhouse_ai", "petite_pixels", "lil.sunshine.art", "kawaii_kids_ai", "innocent_frames",
                     "babydoll.studio", "candy_cuties_ai", "mini_muse_daily"]
ODD_HANDLE_WORDS = ["cheesepizza_fan", "cornlover", "p3dal_pusher", "uncle_fun", "m4ple_leaf", "candyman",
                    "nice_guy", "daddy_cool", "sunflower_seeds", "hugs4u"]

REPORT_REASON_TEXT = {
    "child_sexualisation": ["sexual comment on a child's photo", "creepy comment under kid pic",
                            "sexualising a child",
                            "this account sexualises kids"],
    "grooming": ["trying to contact kids/parents privately", "asking to move to snap", "off-platform contact"],
    "ai_csam_concern": ["AI images of children for predators", "fake kids account with creepy followers"],
    "spam": ["spam", "keeps dm'ing everyone", "fake giveaway?"],
    "harassment": ["harassment", "insulting people in comments"],
    "minor_safety": ["this person looks underage", "child account?", "photo of a kid"],
}

LAUGH = {"en": ["lol", "haha", "lmao"], "de": ["haha", "xD", "hihi"], "fr": ["mdr", "ptdr", "haha"],
         "es": ["jajaja", "jaja", "xd"], "nl": ["haha", "hahah"], "it": ["ahah", "ahahah"], "pt": ["kkkk",
                "rsrs", "haha"]}
EMOJI = ["😂", "😍", "❤️", "🔥", "🙌", "😭", "✨", "💕", "👀", "🥰", "😅", "👍", "🙈", "💯"]


def casual(text: str, lang: str, rng: random.Random) -> str:
    """Make a remark look like a real comment-section line: typos, case, emoji, laughter, stretched letters."""
    r = rng.random()
    if r < 0.25:
        text = text.lower()
    if rng.random() < 0.15 and len(text) > 6:
        i = rng.randrange(1, len(text) - 2)
        if text[i].isalpha() and text[i + 1].isalpha():
            text = text[:i] + text[i + 1] + text[i] + text[i + 2:]  # swapped letters
    if rng.random() < 0.12:
        for i in range(len(text) - 1, 0, -1):
            if text[i] in "aeiouy":
                text = text[: i + 1] + text[i] * rng.randint(1, 3) + text[i + 1:]
                break
    if rng.random() < 0.15:
        text = text.rstrip("!.?") + " " + rng.choice(LAUGH[lang])
    if rng.random() < 0.2:
        text = text + " " + rng.choice(EMOJI) * rng.randint(1, 3)
    if rng.random() < 0.08:
        text = text.rstrip(".") + "!!!"
    return text


LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
HOMOGLYPH = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х"}  # Cyrillic look-alikes


def obfuscate(text: str, rng: random.Random) -> str:
    """Algospeak/evasion on a harmful remark: leetspeak, spaced or dotted letters, homoglyphs, stretched typos."""
    how = rng.randrange(5)
    words = text.split(" ")
    alpha = [i for i, w in enumerate(words) if sum(c.isalpha() for c in w) >= 3]
    if not alpha:
        return text + " " + rng.choice(["👀", "😏", "🤫"])
    k = rng.choice(alpha)
    w = words[k]
    if how == 0:
        w = "".join(LEET.get(c, c) if rng.random() < 0.7 else c for c in w)
    elif how == 1:
        w = " ".join(w)
    elif how == 2:
        w = ".".join(w)
    elif how == 3:
        w = "".join(HOMOGLYPH.get(c, c) for c in w)
    else:
        w = "".join(c * 2 if c in "aeiou" and rng.random() < 0.5 else c for c in w)
    words[k] = w
    return " ".join(words)


def pick(pool: dict[str, list[str]], lang: str, rng: random.Random) -> str:
    return rng.choice(pool.get(lang) or pool["en"])
