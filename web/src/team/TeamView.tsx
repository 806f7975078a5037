export function TeamView(){return null}
