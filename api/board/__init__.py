"""The Strategic Commissioning Board's pipeline page at /board: plain HTML, CSS and JavaScript modules."""
