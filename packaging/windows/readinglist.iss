; Inno Setup 6 script for the Windows installer of Reading List.
;
; python packaging\build.py runs it after PyInstaller, as
;   ISCC /DAppVersion=0.1.0 /DSourceDir=<repo>\dist\readinglist /DOutputDir=<repo>\dist
;        packaging\windows\readinglist.iss
; giving dist\ReadingList-<version>-setup.exe.
;
; Installs per user (no administrator rights needed) or, if chosen in the first dialog, for
; all users. Adds a Start-menu entry, and registers the app for its file types:
; .bib and .ris open with Reading List unless another program already owns them; for the
; general formats (.txt, .md, .json, .xml, .rss, .atom, .rdf, .html) it is only offered
; under "Open with", and the user's default program is left alone.

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=X.Y.Z readinglist.iss
#endif
#ifndef SourceDir
  #define SourceDir AddBackslash(SourcePath) + "..\..\dist\readinglist"
#endif
#ifndef OutputDir
  #define OutputDir AddBackslash(SourcePath) + "..\..\dist"
#endif

#define AppName "Reading List"
#define AppPublisher "Reading List developers"
#define GuiExe "readinglist-gui.exe"
#define DigestProgId "ReadingList.Digest"
#define BibProgId "ReadingList.BibTeX"
#define RisProgId "ReadingList.RIS"

[Setup]
; AppId identifies the app to upgrades and to the uninstaller: never change it.
AppId={{F2A43F30-D444-48BA-95F5-D7D14E99BD06}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} installer
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
SetupIconFile={#AddBackslash(SourcePath)}..\icons\readinglist.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName}
OutputDir={#OutputDir}
OutputBaseFilename=ReadingList-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; A new version may have fewer files: start from a clean folder (the library lives elsewhere,
; in the per-user data folder).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Comment: "Triage research-paper digests"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Tasks: desktopicon

[Registry]
; --- the file types (ProgIDs) ---------------------------------------------------------------
Root: HKA; Subkey: "Software\Classes\{#DigestProgId}"; ValueType: string; ValueName: ""; ValueData: "Research digest"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#DigestProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#GuiExe},0"
Root: HKA; Subkey: "Software\Classes\{#DigestProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#GuiExe}"" ""%1"""

Root: HKA; Subkey: "Software\Classes\{#BibProgId}"; ValueType: string; ValueName: ""; ValueData: "BibTeX bibliography"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#BibProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#GuiExe},0"
Root: HKA; Subkey: "Software\Classes\{#BibProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#GuiExe}"" ""%1"""

Root: HKA; Subkey: "Software\Classes\{#RisProgId}"; ValueType: string; ValueName: ""; ValueData: "RIS citations"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#RisProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#GuiExe},0"
Root: HKA; Subkey: "Software\Classes\{#RisProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#GuiExe}"" ""%1"""

; --- .bib and .ris: default program only where none is set yet ------------------------------
; (Not removed at uninstall: the value may predate this installation. A leftover one points
; to a ProgID that is gone, and Windows then simply asks which program to use.)
Root: HKA; Subkey: "Software\Classes\.bib"; ValueType: string; ValueName: ""; ValueData: "{#BibProgId}"; Flags: createvalueifdoesntexist
Root: HKA; Subkey: "Software\Classes\.bib"; ValueType: string; ValueName: "Content Type"; ValueData: "text/x-bibtex"; Flags: createvalueifdoesntexist
Root: HKA; Subkey: "Software\Classes\.bib"; ValueType: string; ValueName: "PerceivedType"; ValueData: "text"; Flags: createvalueifdoesntexist
Root: HKA; Subkey: "Software\Classes\.bib\OpenWithProgids"; ValueType: string; ValueName: "{#BibProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.ris"; ValueType: string; ValueName: ""; ValueData: "{#RisProgId}"; Flags: createvalueifdoesntexist
Root: HKA; Subkey: "Software\Classes\.ris"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-research-info-systems"; Flags: createvalueifdoesntexist
Root: HKA; Subkey: "Software\Classes\.ris"; ValueType: string; ValueName: "PerceivedType"; ValueData: "text"; Flags: createvalueifdoesntexist
Root: HKA; Subkey: "Software\Classes\.ris\OpenWithProgids"; ValueType: string; ValueName: "{#RisProgId}"; ValueData: ""; Flags: uninsdeletevalue

; --- general formats: "Open with" only, never the default ----------------------------------
Root: HKA; Subkey: "Software\Classes\.txt\OpenWithProgids"; ValueType: string; ValueName: "{#DigestProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.md\OpenWithProgids"; ValueType: string; ValueName: "{#DigestProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.markdown\OpenWithProgids"; ValueType: string; ValueName: "{#DigestProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.json\OpenWithProgids"; ValueType: string; ValueName: "{#DigestProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.xml\OpenWithProgids"; ValueType: string; ValueName: "{#DigestProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.rss\OpenWithProgids"; ValueType: string; ValueName: "{#DigestProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.atom\OpenWithProgids"; ValueType: string; ValueName: "{#DigestProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.rdf\OpenWithProgids"; ValueType: string; ValueName: "{#DigestProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.html\OpenWithProgids"; ValueType: string; ValueName: "{#DigestProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.htm\OpenWithProgids"; ValueType: string; ValueName: "{#DigestProgId}"; ValueData: ""; Flags: uninsdeletevalue

; --- how the app is named in "Open with" ----------------------------------------------------
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#GuiExe},0"
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#GuiExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".bib"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".ris"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".txt"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".md"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".json"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".xml"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".rss"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".atom"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".html"; ValueData: ""

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
