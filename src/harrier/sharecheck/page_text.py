"""The share-check page's words in English, Dutch and German. Plain and calm: each step says in one sentence why
it matters, without alarm. ``{x}`` fields are filled in by the server (leaks) or the page script (faces)."""

from __future__ import annotations

LANGS = ("en", "nl", "de")
LANG_NAMES = {"en": "English", "nl": "Nederlands", "de": "Deutsch"}

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Share with care: check a photo before you post it",
        "intro": "Pick or drop photos. This page runs on your own computer: the photos stay in its memory, are not "
                 "saved and are not sent anywhere.",
        "lang_label": "Language",
        "files_label": "Photos (JPEG, PNG or WebP)",
        "drop_hint": "or drop photos here",
        "caption_label": "The caption you mean to post (optional)",
        "check_btn": "Check photos",
        "checking": "Checking… the face models take a moment the first time.",
        "leaks_h": "What the file would give away",
        "leaks_why": "A photo file carries hidden notes besides the picture; anyone who saves it can read them.",
        "nothing": "No hidden data was found in this file.",
        "leak_gps": "The place where it was taken: a GPS position (latitude/longitude).",
        "leak_place": "The place names {values}.",
        "leak_camera": "Which camera took it: {values}.",
        "leak_serial": "The camera's serial numbers {values}, which link this photo to your other photos.",
        "leak_name": "Names or notes: {values}.",
        "leak_thumb": "A small preview copy of the photo, which can still show what you cropped out.",
        "leak_other": "Other camera data ({n} fields, such as settings and dates).",
        "clean_note": "The cleaned copy carries none of this.",
        "faces_h": "Faces",
        "faces_why": "A recognisable child's face can be copied and matched to other photos; masking it keeps the "
                     "moment without the identity.",
        "no_faces": "No faces were found. Look at the photo yourself: faces turned away or far off can be missed.",
        "face_child": "Face {n}: looks like a child's",
        "face_adult": "Face {n}: looks like an adult's",
        "mask_face": "Mask this face",
        "preview_h": "Cleaned copy",
        "preview_alt": "Preview of the cleaned copy of {name}",
        "download": "Download cleaned copy",
        "things_in_picture": "Things in the picture can also say where you are: house numbers, street signs, school "
                             "logos, number plates.",
        "caption_h": "Caption",
        "caption_ok": "Nothing in the caption stood out.",
        "caption_child_name": "This names your child; leave the last name out, and the first name too if you can.",
        "caption_school_or_club": "This names a school or club, which says where your child is most days.",
        "caption_age_and_birthday": "An age with a birthday gives a date of birth; leave one of them out.",
        "caption_home_location": "This says where you live; leave the town or street out.",
        "caption_live_location": "This says where you are right now; post it after you have left.",
        "caption_sensitive_context": "Bath, pool, bed or changing photos are the ones most often copied by "
                                     "strangers; keep these for family.",
        "error": "This photo could not be checked: {error}",
    },
    "nl": {
        "title": "Deel met zorg: controleer een foto voordat je hem plaatst",
        "intro": "Kies of sleep foto's hierheen. Deze pagina draait op je eigen computer: de foto's blijven in het "
                 "geheugen, worden niet opgeslagen en nergens heen gestuurd.",
        "lang_label": "Taal",
        "files_label": "Foto's (JPEG, PNG of WebP)",
        "drop_hint": "of sleep foto's hierheen",
        "caption_label": "Het bijschrift dat je wilt plaatsen (optioneel)",
        "check_btn": "Foto's controleren",
        "checking": "Bezig… de gezichtsmodellen hebben de eerste keer even nodig.",
        "leaks_h": "Wat het bestand zou prijsgeven",
        "leaks_why": "Een fotobestand bevat naast het beeld verborgen gegevens; iedereen die het opslaat kan ze "
                     "lezen.",
        "nothing": "Er zijn geen verborgen gegevens in dit bestand gevonden.",
        "leak_gps": "De plek waar de foto is gemaakt: een GPS-positie (breedte- en lengtegraad).",
        "leak_place": "De plaatsnamen {values}.",
        "leak_camera": "Met welke camera de foto is gemaakt: {values}.",
        "leak_serial": "De serienummers van de camera {values}, die deze foto aan je andere foto's koppelen.",
        "leak_name": "Namen of notities: {values}.",
        "leak_thumb": "Een kleine voorbeeldkopie van de foto, die nog kan tonen wat je hebt weggeknipt.",
        "leak_other": "Andere cameragegevens ({n} velden, zoals instellingen en datums).",
        "clean_note": "De opgeschoonde kopie bevat niets hiervan.",
        "faces_h": "Gezichten",
        "faces_why": "Een herkenbaar kindergezicht kan worden gekopieerd en aan andere foto's gekoppeld; door het "
                     "te maskeren blijft het moment zonder de identiteit.",
        "no_faces": "Er zijn geen gezichten gevonden. Kijk zelf ook: afgewende of verre gezichten kunnen worden "
                    "gemist.",
        "face_child": "Gezicht {n}: lijkt van een kind",
        "face_adult": "Gezicht {n}: lijkt van een volwassene",
        "mask_face": "Dit gezicht maskeren",
        "preview_h": "Opgeschoonde kopie",
        "preview_alt": "Voorbeeld van de opgeschoonde kopie van {name}",
        "download": "Opgeschoonde kopie downloaden",
        "things_in_picture": "Ook dingen op de foto kunnen zeggen waar je bent: huisnummers, straatnaambordjes, "
                             "schoollogo's, kentekens.",
        "caption_h": "Bijschrift",
        "caption_ok": "Er viel niets op in het bijschrift.",
        "caption_child_name": "Dit noemt je kind bij naam; laat de achternaam weg, en de voornaam ook als het kan.",
        "caption_school_or_club": "Dit noemt een school of club: zo weet men waar je kind de meeste dagen is.",
        "caption_age_and_birthday": "Een leeftijd met een verjaardag geeft een geboortedatum; laat een van beide "
                                    "weg.",
        "caption_home_location": "Dit zegt waar je woont; laat de plaats of straat weg.",
        "caption_live_location": "Dit zegt waar je nu bent; plaats het pas als je weg bent.",
        "caption_sensitive_context": "Foto's in bad, zwembad, bed of bij het omkleden worden het vaakst door "
                                     "vreemden gekopieerd; houd deze voor familie.",
        "error": "Deze foto kon niet worden gecontroleerd: {error}",
    },
    "de": {
        "title": "Mit Bedacht teilen: ein Foto vor dem Posten prüfen",
        "intro": "Wählen Sie Fotos aus oder ziehen Sie sie hierher. Diese Seite läuft auf Ihrem eigenen Computer: "
                 "die Fotos bleiben im Arbeitsspeicher, werden nicht gespeichert und nirgendwohin gesendet.",
        "lang_label": "Sprache",
        "files_label": "Fotos (JPEG, PNG oder WebP)",
        "drop_hint": "oder Fotos hierher ziehen",
        "caption_label": "Die Bildunterschrift, die Sie posten möchten (optional)",
        "check_btn": "Fotos prüfen",
        "checking": "Wird geprüft… die Gesichtsmodelle brauchen beim ersten Mal einen Moment.",
        "leaks_h": "Was die Datei verraten würde",
        "leaks_why": "Eine Fotodatei enthält neben dem Bild versteckte Angaben; wer sie speichert, kann sie lesen.",
        "nothing": "In dieser Datei wurden keine versteckten Angaben gefunden.",
        "leak_gps": "Der Ort der Aufnahme: eine GPS-Position (Breiten- und Längengrad).",
        "leak_place": "Die Ortsnamen {values}.",
        "leak_camera": "Mit welcher Kamera es aufgenommen wurde: {values}.",
        "leak_serial": "Die Seriennummern der Kamera {values}, die dieses Foto mit Ihren anderen Fotos verbinden.",
        "leak_name": "Namen oder Notizen: {values}.",
        "leak_thumb": "Eine kleine Vorschaukopie des Fotos, die noch zeigen kann, was Sie weggeschnitten haben.",
        "leak_other": "Weitere Kameradaten ({n} Felder, etwa Einstellungen und Datum).",
        "clean_note": "Die bereinigte Kopie enthält nichts davon.",
        "faces_h": "Gesichter",
        "faces_why": "Ein erkennbares Kindergesicht kann kopiert und mit anderen Fotos abgeglichen werden; maskiert "
                     "bleibt der Moment ohne die Identität.",
        "no_faces": "Es wurden keine Gesichter gefunden. Sehen Sie selbst nach: abgewandte oder ferne Gesichter "
                    "können übersehen werden.",
        "face_child": "Gesicht {n}: wirkt wie das eines Kindes",
        "face_adult": "Gesicht {n}: wirkt wie das eines Erwachsenen",
        "mask_face": "Dieses Gesicht maskieren",
        "preview_h": "Bereinigte Kopie",
        "preview_alt": "Vorschau der bereinigten Kopie von {name}",
        "download": "Bereinigte Kopie herunterladen",
        "things_in_picture": "Auch Dinge im Bild können verraten, wo Sie sind: Hausnummern, Straßenschilder, "
                             "Schullogos, Kennzeichen.",
        "caption_h": "Bildunterschrift",
        "caption_ok": "In der Bildunterschrift ist nichts aufgefallen.",
        "caption_child_name": "Hier wird Ihr Kind genannt; lassen Sie den Nachnamen weg, wenn möglich auch den "
                              "Vornamen.",
        "caption_school_or_club": "Hier wird eine Schule oder ein Verein genannt: das verrät, wo Ihr Kind meist ist.",
        "caption_age_and_birthday": "Ein Alter mit Geburtstag ergibt ein Geburtsdatum; lassen Sie eines davon weg.",
        "caption_home_location": "Hier steht, wo Sie wohnen; lassen Sie Ort oder Straße weg.",
        "caption_live_location": "Hier steht, wo Sie gerade sind; posten Sie es erst, wenn Sie weg sind.",
        "caption_sensitive_context": "Fotos aus Bad, Schwimmbad, Bett oder beim Umziehen werden am häufigsten von "
                                     "Fremden kopiert; behalten Sie diese für die Familie.",
        "error": "Dieses Foto konnte nicht geprüft werden: {error}",
    },
}


def strings(lang: str | None) -> dict[str, str]:
    """The page's words in ``lang``, English for anything else."""
    return STRINGS.get(lang or "en", STRINGS["en"])
