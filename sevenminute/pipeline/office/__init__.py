"""Office files made from a handout, beside its web page and PDF: PowerPoint slides to deliver it
from and a Word handout a communications team can edit and restyle."""
