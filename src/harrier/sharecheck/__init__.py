"""Share with care: an offline check a parent runs on a photo before posting it (issue 18, parts 1 to 3).

``metadata`` reads and strips what a photo file says besides its pixels (location, serial numbers, names,
thumbnails), ``faces`` masks children's faces with the project's own face and age models, ``caption`` warns about
what a caption gives away, ``check`` ties them together for one photo and ``cli`` is ``harrier sharecheck``.
``page`` serves the same as one local page (``harrier sharecheck serve``); ``leaks`` puts what a file carries
into words for it.
"""
