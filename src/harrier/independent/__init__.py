"""An independently written evaluation platform for Harrier.

``generate(out, seed)`` writes a synthetic social platform in Harrier's export format (``docs/FORMAT.md``) with a
``truth.json`` in the truth-file format of the evaluation design: which accounts were planted as offenders (by role,
and which rings they form) and which accounts were planted to look close without being offenders (hard negatives).

It was written from the export format and a plain description of the behaviours to plant, by an author who did not
read Harrier's detectors, policy, lexicons, text corpus or demo generator, so that a figure measured on it says
something about data the detectors' authors did not write. What is planted:

- a real follow graph: a connected snowball sample of the Deezer Europe mutual-follow network (MIT licence, shipped
  gzipped in ``data/``), every kept edge a follow in both directions; offenders sit on nodes of this graph;
- dedicated accounts posting AI images of young children, with varied AI provenance (AUTOMATIC1111 ``parameters``,
  IPTC ``trainedAlgorithmicMedia`` in XMP, only the platform label, only a hashtag, or nothing) and bios hinting at
  exclusive content elsewhere;
- rings of co-commenters who follow one another and comment under the same dedicated posts; lone commenters;
  contact movers (with message edges after the move); generation requesters;
- hard negatives: parents with family photos and loving relatives, parents and counter-speakers who object (some
  quoting the offending remark) and report, young-looking adults, AI artists of adults and their fans asking which
  model was used, adult creators and brand contacts, and commenters whose words come close (fruit emoji on food,
  "check your dms" between friends);
- an ordinary background of food, places, selfies, text posts, comments, likes, views and messages.

Images are ordinary photos composed from labelled face crops (``faces_dir``; drawn faces when there is none) or
drawn shapes; nothing sexual is drawn, and harmful remarks are short, non-graphic and in five languages.
See ``README.md`` beside this file.
"""

from .generator import default_faces_dir, generate

__all__ = ["default_faces_dir", "generate"]
