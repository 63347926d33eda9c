"""A static fact-check website generator.

The build is an outline, one module a stage: :mod:`factcheck.load` reads and checks the content
folder into the data classes of :mod:`factcheck.model`; :mod:`factcheck.quotes` verifies every
quotation against its source; :mod:`factcheck.plan` lists every file of the site and what it is
made from; :mod:`factcheck.make` renders the files whose inputs changed; :mod:`factcheck.write`
puts them in place. :mod:`factcheck.pipeline` runs the stages in order, and :mod:`factcheck.builds`
runs a build into a folder around it, with the state one build hands the next.
"""

__version__ = "0.1.0"
