"""Help → About: the version, the licence, the credits and where the app keeps its files."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from gui.desktop import SVG
from gui.logfile import log_dir
from gui.paths import downloads_dir
from gui.version import app_version


class AboutDialog(QDialog):
    """A scrollable page (its paths can be selected and copied) and a Close button."""

    def __init__(self, settings: QSettings | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings_file = settings.fileName() if settings is not None else ""
        self.text = QTextBrowser(self)
        self.text.setOpenExternalLinks(True)
        self.text.setMinimumSize(600, 560)  # the paths at the end show without scrolling
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)
        self.retranslate_ui()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("About ML Basics Lab"))
        self.text.setHtml(self.page())

    def page(self) -> str:
        """The dialog's text as HTML (every sentence translated; paths escaped)."""
        logs = html.escape(str(log_dir()))
        data = html.escape(str(downloads_dir()))
        settings = html.escape(self._settings_file or self.tr("(not saved in this session)"))
        icon = Path(SVG).as_uri()
        return "".join([
            f'<p><img src="{icon}" width="64" height="64"></p>',
            self.tr("<h3>ML Basics Lab {version}</h3>").format(version=html.escape(app_version())),
            self.tr("<p>Watch the basics of machine learning work, live, and play with them: drag a slider and "
                    "see gradient descent react at once.</p>"),
            self.tr("<p><b>Licence:</b> MIT. The app is free to use, copy, change and share.</p>"),
            self.tr("<h4>Credits</h4>"),
            self.tr("<p>The labs follow the tutorial “机器学习基础” (Machine learning basics), sections 1.1 to "
                    "1.3: its examples, code and figures are what each lab reproduces and extends.</p>"),
            self.tr("<p>Fashion-MNIST: Han Xiao, Kashif Rasul and Roland Vollgraf, Zalando Research (2017), "
                    "MIT licence. The Neural Network lab bundles 12,000 of its images.</p>"),
            self.tr("<p>Dial photos: four from the amecproject “pressure-gauges” data set on Roboflow (CC BY "
                    "4.0); two from Intel's python-cv-samples (MIT, © 2014–2017 Intel Corporation); two from "
                    "furuya02's aws-pressure-gauge-reader (MIT, © 2025 SIN). The sources of each are listed in "
                    "resources/samples/photos/README.md.</p>"),
            self.tr("<p>Built with Qt for Python (PySide6, LGPL 3), pyqtgraph (MIT), superqt (BSD), NumPy "
                    "(BSD), OpenCV (Apache 2.0) and, for the Neural Network lab, PyTorch and torchvision "
                    "(BSD).</p>"),
            self.tr("<h4>Where your files go</h4>"),
            self.tr("<p>Settings: {settings}</p>").format(settings=settings),
            self.tr("<p>Log files (what the app did, and the details of any error): {logs}</p>").format(logs=logs),
            self.tr("<p>Downloaded data (the Neural Network lab's Fashion-MNIST): {data}</p>").format(data=data),
            self.tr("<p>Nothing is written into the folder the app was started from unless you choose it in a "
                    "file dialog.</p>"),
        ])
