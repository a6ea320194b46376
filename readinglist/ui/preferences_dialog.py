"""Edit > Preferences…: completing papers online after each import (off by default, so
the app stays offline unless asked) and the contact e-mail sent to OpenAlex."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.settings import Settings, check_email
from readinglist.domain.errors import InvalidInputError


class PreferencesDialog(QDialog):
    """The preferences as a form; ``settings()`` is what the user chose."""

    def __init__(self, parent: QWidget | None, settings: Settings) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.complete_after_import = QCheckBox(
            self.tr("Complete details from online services after each import"), self
        )
        self.complete_after_import.setChecked(settings.complete_after_import)
        explain = QLabel(
            self.tr(
                "Only titles and digest dates are sent: to Hugging Face Daily Papers, the "
                "arXiv API and OpenAlex. Off, Reading List goes online only when you choose "
                "Paper > Complete Details Online."
            ),
            self,
        )
        explain.setWordWrap(True)
        self.email = QLineEdit(settings.contact_email, self)
        self.email.setPlaceholderText(self.tr("none (not sent)"))
        self.email.setToolTip(
            self.tr("Sent to OpenAlex as 'mailto', as its polite pool asks; empty: not sent.")
        )
        self.error = QLabel(self)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("Contact e-mail for OpenAlex:"), self.email)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.complete_after_import, explain):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def accept(self) -> None:
        """Close only with a valid e-mail (or none); otherwise say what is wrong."""
        try:
            check_email(self.email.text())
        except InvalidInputError as exc:
            self.error.setText(str(exc))
            self.error.show()
            self.email.setFocus()
            return
        super().accept()

    def settings(self) -> Settings:
        """The preferences as the form shows them."""
        return Settings(
            complete_after_import=self.complete_after_import.isChecked(),
            contact_email=check_email(self.email.text()),
        )


def ask_preferences(parent: QWidget | None, settings: Settings) -> Settings | None:
    """Show the dialog; the chosen preferences, or None when cancelled."""
    dialog = PreferencesDialog(parent, settings)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.settings()
