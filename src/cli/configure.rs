//! The configuration flags shared by linting and `pmlint config`, and the `config` and `init`
//! subcommands.

use super::{error, EXIT_CLEAN, EXIT_ERROR};
use crate::config::{self, Configs, Overrides};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Flags that override the configuration file.
#[derive(Debug, Clone, clap::Args)]
pub struct ConfigArgs {
    /// Configuration file to use instead of the .pmlint.toml or pmlint.toml found above each file
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Profile: the name of a built-in profile or the path of a profile TOML file
    /// [default: the configuration's, else default]
    #[arg(long)]
    pub profile: Option<String>,
    /// Only these rules: codes, names or families (PM3), comma-separated (replaces the
    /// configuration's select, ignore and rules set to "off")
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules: codes, names or families, comma-separated
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Run network checks, such as whether remote images can be downloaded
    #[arg(long)]
    pub check_remote: bool,
}

impl ConfigArgs {
    /// The command-line values; a flag not given is `None`.
    pub fn overrides(&self) -> Overrides {
        let list = |v: &Vec<String>| (!v.is_empty()).then(|| v.clone());
        Overrides {
            profile: self.profile.clone(),
            select: list(&self.select),
            ignore: list(&self.ignore),
            check_remote: self.check_remote.then_some(true),
        }
    }

    /// Reads `--config` and checks the flags.
    ///
    /// # Errors
    /// A bad flag value or `--config` file, as a message for the user.
    pub fn configs(&self) -> Result<Configs, String> {
        Configs::new(self.overrides(), self.config.as_deref())
    }
}

/// `pmlint config [PATH]`: prints the effective configuration for a file or folder (default: the
/// current directory) and where each value comes from.
pub fn show(path: Option<&Path>, args: &ConfigArgs) -> u8 {
    let mut configs = match args.configs() {
        Ok(c) => c,
        Err(e) => {
            error(&e);
            return EXIT_ERROR;
        }
    };
    let path = path.unwrap_or(Path::new("."));
    if !path.exists() {
        error(&format!("{}: no such file or directory", path.display()));
        return EXIT_ERROR;
    }
    let dir = if path.is_dir() {
        path
    } else {
        path.parent().unwrap_or(Path::new(""))
    };
    let Some(effective) = configs.for_dir(dir) else {
        for e in configs.take_errors() {
            error(&e);
        }
        return EXIT_ERROR;
    };
    let excluded = configs.excluded_in_walk(path);
    let text = config::show::render(&effective, &path.display().to_string(), excluded.as_ref());
    super::commands::emit(&text)
}

/// `pmlint init`: writes a commented `.pmlint.toml` in the current directory; never overwrites.
pub fn init() -> u8 {
    if let Some(existing) = config::FILE_NAMES.iter().find(|n| Path::new(n).exists()) {
        error(&format!(
            "{existing}: already exists; not overwritten (edit it, or remove it and run `pmlint init` again)"
        ));
        return EXIT_ERROR;
    }
    let path = config::FILE_NAMES[0];
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| f.write_all(config::init::template().as_bytes()));
    match written {
        Ok(()) => {
            eprintln!("pmlint: wrote {path}; `pmlint config` shows the effective configuration");
            EXIT_CLEAN
        }
        Err(e) => {
            error(&format!("{path}: cannot write: {e}"));
            EXIT_ERROR
        }
    }
}
