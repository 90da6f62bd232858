BBBBBBB BBBBBBBBBBBBBBB BBBB BBBBBBBBBB
BBBBB BBBBB gettext(u'Import a target table') BBBBBBBB
BBBBB BBBBBBB
 _("Performance targets")  _("Import a target table") 
XXX XXXXXXXXX XXXXXX gettext(u'Import a target table') XXXXX
XXXX XXXXXXXXXX XXXXX
XXXX XXXXXXXXXXXXX XXXXXXXXXX
  BB BBBBBB
  XXXX XXXXXXXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXX XXXXXXXXXXXXXXXXXXX
    XXXXXXXX gettext(u'The table cannot be read; nothing has been saved.') XXXXXXXXX
    XXX XXXXXXXXXXXXXBBB B BB BBBBBBBBBBBBBXXXXXXXXXBBBBBXXXX gettext(u'No indicator was found in the file.') XXXXXBBBBBBXXXXX
  XXXXXX
  BBBBB
  XXXX XXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXX
    XXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXX XXXXXXXXXXXXXXXXXBBBBBBBBBB
      BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBB
      XXXXXXX XXXXXXXXXX XXXXXXXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXX XXXXXXXXX XXXXXXXXXXXX  gettext(u'Read and preview') XXXXXXXXX
    XXXXXXX
  XXXXXXXXXXXX
XXXXXX
XXXX XXXXXXXXXXXXX XXXXXXXXXX
  XXXX XXXXXXXXXXX XXXXXXXXX XXXXXXX
    XXX XXXXXXXXXXX gettext(u'What can be imported') XXXXX
    XXX XXXXXXXXXXXXX
      XXXX gettext(u'Word (.docx) or Excel (.xlsx) files in the official layout, merged cells included.') XXXXX
      XXXX gettext(u"Text files or pasted text: the layout of the finance system's export (one cell per line), tables copied from web pages (cells separated by |), from spreadsheets (tabs) or from PDFs (several spaces).") XXXXX
      XXXX gettext(u'Operators in any spelling (≥, >=, 不低于…); a target such as “≥100份” is split into operator, value and unit.') XXXXX
      XXXX gettext(u'The scoring standard of each indicator is turned into a scoring rule; what is not understood is flagged and scored by the default formula.') XXXXX
    XXXXX
  XXXXXX
XXXXXX
XXXXXX
BBBBBBBB
