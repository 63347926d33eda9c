"""A static fact-check website generator.

Content flows one way: :mod:`factcheck.load` reads and validates the content folder into the plain
data classes of :mod:`factcheck.model`; :mod:`factcheck.markup` renders Markdown bodies and their
citations; :mod:`factcheck.pages` renders every page through the Jinja2 theme; :mod:`factcheck.write`
puts the finished site in place in one step. :mod:`factcheck.pipeline` runs the stages in order.
"""

__version__ = "0.1.0"
