; Inno Setup script for the GluteDesk Windows installer.
; UNTESTED: written on Linux, where neither Windows nor Inno Setup runs. It is built by
; packaging/build_windows.ps1 (and .github/workflows/release-windows.yml) after PyInstaller has
; made dist\GluteDesk\ from the same spec that CI builds and checks on Linux.
;
;   iscc /DAppVersion=0.1.0 packaging\windows\glutedesk.iss
;   -> dist\GluteDesk-0.1.0-windows-setup.exe
;
; Signing (Authenticode): see docs/packaging.md. Uncomment SignTool below and define a sign tool
; named "glutedesk" in the Inno Setup IDE or on the command line, e.g.
;   iscc "/Sglutedesk=signtool sign /fd sha256 /tr http://timestamp.digicert.com /td sha256 /f <CERTIFICATE.pfx> /p <PASSWORD> $f" ...
; The certificate and its password come from the CI's secret store, never from this file.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6F1D7B0E-3C52-4E8A-9B7B-2D6F0C1A9E41}
AppName=GluteDesk
AppVersion={#AppVersion}
AppVerName=GluteDesk {#AppVersion}
AppPublisher=GluteDesk
DefaultDirName={autopf}\GluteDesk
DefaultGroupName=GluteDesk
DisableProgramGroupPage=yes
; Installs for the current user without administrator rights unless they choose all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=GluteDesk-{#AppVersion}-windows-setup
SetupIconFile=..\..\build\icons\glutedesk.ico
UninstallDisplayIcon={app}\GluteDesk.exe
UninstallDisplayName=GluteDesk
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
InfoBeforeFile=..\licenses\THIRD-PARTY.txt
; SignTool=glutedesk
; SignedUninstaller=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\GluteDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; The Start-menu shortcut and the uninstaller's entry.
Name: "{group}\GluteDesk"; Filename: "{app}\GluteDesk.exe"; IconFilename: "{app}\GluteDesk.exe"
Name: "{group}\Uninstall GluteDesk"; Filename: "{uninstallexe}"
Name: "{autodesktop}\GluteDesk"; Filename: "{app}\GluteDesk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\GluteDesk.exe"; Description: "{cm:LaunchProgram,GluteDesk}"; Flags: nowait postinstall skipifsilent

; The uninstaller removes the program folder only. The therapist's records live in their user
; data folder (%LOCALAPPDATA%\GluteDesk) and are deliberately left in place.
