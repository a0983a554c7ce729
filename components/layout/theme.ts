export const THEME_COOKIE = "xr-theme";
