"""The child process of qa.ingest.pdf_text_layer: reads a PDF's pages with PDFium.

Run as a script (not imported): stdin holds one line of JSON (the 0-based page
indexes wanted) and then the PDF's bytes; stdout gets one line of JSON per
page as it is read, ``[index, text]`` (text null when PDFium cannot read the
page), or ``"unopenable"`` once when PDFium does not open the file. It imports
nothing of the project, so the parent's ``__main__`` is never run again here.
"""
import json
import sys


def main() -> None:
    import pypdfium2

    stream = sys.stdin.buffer
    wanted = json.loads(stream.readline())
    data = stream.read()
    out = sys.stdout
    try:
        pdf = pypdfium2.PdfDocument(data)
    except Exception:
        out.write('"unopenable"\n')
        return
    count = len(pdf)
    for index in wanted:
        text = None
        if index < count:
            try:
                page = pdf[index]
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                textpage.close()
                page.close()
            except Exception:
                text = None
        out.write(json.dumps([index, text], ensure_ascii=False) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
