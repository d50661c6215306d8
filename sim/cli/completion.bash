# bash completion for infnet (installed as share/bash-completion/completions/infnet)
# Generated from infnet's command table (sim/cli/commands.c) by scripts/cli-docs.sh.
_infnet()
{
    local cur prev cmd
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    cmd=${COMP_WORDS[1]}
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "run sweep calibrate validate analyze compare plot --help --version" -- "$cur"))
        return
    fi
    case $prev in
        -o|--output|--posterior) COMPREPLY=($(compgen -d -- "$cur")); return ;;
        -n|--replicas|--seed|-t|--threads|--set|--limit|-k|--key-players|--exact-limit|--samples|--top|-r|--reference|--scenario|--observations|--impact|--impact-by|--kpp-distance|--format|--weights-as|--default-kind|--nodes) return ;;
    esac
    local opts
    case $cmd in
        run) opts="--output --replicas --seed --threads --set --posterior --per-replica --weights --force --resume --limit --quiet --help" ;;
        sweep) opts="--output --threads --force --resume --limit --quiet --help" ;;
        calibrate) opts="--observations --output --threads --force --resume --limit --quiet --help" ;;
        validate) opts="--set --limit --list-pressures --assumptions --scenario --help" ;;
        analyze) opts="--output --key-players --kpp-distance --impact --impact-by --weights --force --exact-limit --samples --seed --top --threads --timings --format --weights-as --default-kind --nodes --quiet --limit --help" ;;
        compare) opts="--output --reference --paired --unpaired --force --resume --replicas --seed --threads --set --limit --quiet --help" ;;
        plot) opts="--force --no-png --no-svg --quiet --help" ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    case $cmd in
        run) COMPREPLY=($(compgen -f -X '!*.@(yaml|yml)' -- "$cur") $(compgen -d -- "$cur")) ;;
        sweep) COMPREPLY=($(compgen -f -X '!*.@(yaml|yml)' -- "$cur") $(compgen -d -- "$cur")) ;;
        calibrate) COMPREPLY=($(compgen -f -X '!*.@(yaml|yml)' -- "$cur") $(compgen -d -- "$cur")) ;;
        validate) COMPREPLY=($(compgen -f -X '!*.@(yaml|yml)' -- "$cur") $(compgen -d -- "$cur")) ;;
        analyze) COMPREPLY=($(compgen -f -X '!*.@(yaml|yml|graphml|xml|csv|gml|net|paj|dl|ncol|lgl|gexf|dynetml)' -- "$cur") $(compgen -d -- "$cur")) ;;
        compare) COMPREPLY=($(compgen -f -X '!*.@(yaml|yml)' -- "$cur") $(compgen -d -- "$cur")) ;;
        plot) COMPREPLY=($(compgen -d -- "$cur")) ;;
    esac
}
complete -o filenames -F _infnet infnet
