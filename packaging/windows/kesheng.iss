; Inno Setup 6 script: the Windows installer of the app folder that `pyinstaller packaging/kesheng.spec` writes
; to dist\kesheng (run by .github/workflows/bundle.yml: ISCC.exe packaging\windows\kesheng.iss). Not run here yet.
; Installs per user by default (no administrator rights needed; the dialog offers all users), no network needed.
#define AppName "Kesheng 客声"
#define AppVersion "0.1.0"
#define AppExe "kesheng.exe"

[Setup]
AppId={{6F1C2A3E-5B7D-4C8E-9A0B-2D4F6E8A1C3B}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Kesheng
DefaultDirName={autopf}\Kesheng
DefaultGroupName=Kesheng
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=kesheng-{#AppVersion}-windows-x64-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\kesheng\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
