"""Printing a finished PDF: the very file "Save as PDF" writes goes to the operating system's
print spooler (``lp``/``lpr`` through CUPS, or the Windows shell's "printto" verb), so the paper
is byte-for-byte the saved document (Qt cannot rasterise a PDF without the QtPdf add-on)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # QtPrintSupport is a library of its own: loaded when a document is printed
    from PySide6.QtPrintSupport import QPrinter


class PrintError(Exception):
    """The document could not be sent to the printer."""


def send_to_printer(pdf: Path, printer: QPrinter) -> str:
    """Send ``pdf`` to the printer chosen in ``printer``; return a one-line confirmation.

    A printer set to PDF output gets a copy of the file at its output file name. Otherwise
    the PDF goes to the system spooler (``lp``/``lpr``, or the Windows "printto" verb).
    Raises :class:`PrintError` with a plain message when that is not possible.
    """
    from PySide6.QtPrintSupport import QPrinter

    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        target = printer.outputFileName()
        if not target:
            raise PrintError("No file was chosen to print to.")
        try:
            shutil.copyfile(pdf, target)
        except OSError as exc:
            raise PrintError(f"Cannot write {target}: {exc.strerror or exc}") from None
        return f"Printed to {target}"
    name = printer.printerName()
    copies = max(1, printer.copyCount())
    if sys.platform.startswith("win"):
        try:
            os.startfile(str(pdf), "printto", f'"{name}"')  # type: ignore[attr-defined]
        except OSError as exc:
            raise PrintError(
                f"Windows could not print the PDF ({exc.strerror or exc}). Save it as a PDF "
                "and print it from your PDF viewer."
            ) from None
        return f"Sent to {name or 'the printer'}"
    lp, lpr = shutil.which("lp"), shutil.which("lpr")
    if lp:
        args = [lp, "-n", str(copies)] + (["-d", name] if name else []) + [str(pdf)]
    elif lpr:
        args = [lpr, f"-#{copies}"] + ([f"-P{name}"] if name else []) + [str(pdf)]
    else:
        raise PrintError(
            "No print service was found on this computer. Save the document as a PDF and "
            "print it from your PDF viewer."
        )
    try:
        subprocess.run(args, check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        raise PrintError(f"The printer did not accept the document ({exc}).") from None
    return f"Sent to {name or 'the default printer'}"
