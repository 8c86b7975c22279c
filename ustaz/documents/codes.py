"""The finding codes of ustaz.documents, in one light module: the command line imports it at start-up
(so `ustaz check` and the docs test know every code) without loading python-docx and jinja2."""

from __future__ import annotations

from ..findings import define

# the program .docx (P-7)
DOCX_UNSUPPORTED = define(
    "docx-unsupported",
    "A Markdown construct has no equivalent in the regulation's document format; it is approximated or left out.",
    "P-7",
)
DOCX_NO_TEXT = define("docx-no-text", "A program has no text in the language asked for.", "P-7")
# the agreement package (P-8)
PACKAGE_MISSING = define("package-missing", "A document the agreement package needs (P-8) is missing.", "P-8")
PACKAGE_LINK = define("package-link", "The discussion link is not an active http(s) link.", "P-8")
PACKAGE_COPY = define("package-copy", "The package holds only a reference to a protocol or order, not its copy.",
                      "P-8")
PACKAGE_DISCUSSION_OPEN = define("package-discussion-open",
                                 "The package is made before the public discussion closed.", "P-6")
ATTACHMENTS_FILE = define("attachments-file", "attachments.yml is not a mapping of protocol, order and other.", "P-8")
ATTACHMENT_MISSING = define("attachment-missing", "A file listed in attachments.yml does not exist or is too large.",
                            "P-8")
ATTACHMENT_PATH = define("attachment-path", "A file listed in attachments.yml lies outside the program folder.",
                         "P-8")
# templates of letters and course documents
TEMPLATE_ERROR = define("template-error", "A document template cannot be rendered (syntax or unknown variable).")
TEMPLATE_MISSING = define("template-missing", "No template of that name exists for the language.")
# the policy's document format (P-7)
DOCUMENT_FORMAT = define("document-format", "A value of the policy's document_format cannot make a document.", "P-7")
